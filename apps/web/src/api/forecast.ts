// The forecast for a period by category and owner (with a page of its deals), now or as it stood at a
// past moment, and the period's quota attainment. The report schemas mirror the domain's (the service checks
// them against its interfaces both ways), so their bodies are read as the domain's ForecastSummary and QuotaAttainmentSummary — ids and currencies arrive as plain
// strings, which the domain's brands only mark. Money the member may not see arrives masked: `Redacted` says so.
import type { ForecastSummary, QuotaAttainmentSummary, Redacted } from "@accountable/domain";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

const asDomain = <T>(value: unknown): T => value as T;

/** The deals the page lists at a time, in id order (the period's figures count them all). */
export const DEALS_SHOWN = 100;

/** The forecast, with the page of its deals that starts after `linesAfter` (the first page without it). */
export function useForecast(
  workspaceId: string,
  period: string,
  asOf: string | undefined,
  linesAfter?: string | undefined,
) {
  return useQuery({
    queryKey: ["reports", workspaceId, "forecast", period, asOf ?? "now", linesAfter ?? ""],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/reports/forecast", {
          params: {
            path: { workspaceId },
            query: {
              period,
              groupBy: "owner",
              lines: true,
              linesLimit: DEALS_SHOWN,
              ...(linesAfter ? { linesAfter } : {}),
              ...(asOf ? { asOf } : {}),
            },
          },
        }),
      ).then((r) => ({ asOf: r.asOf, forecast: asDomain<Redacted<ForecastSummary>>(r.forecast) })),
  });
}

export function useQuotaAttainment(workspaceId: string, period: string) {
  return useQuery({
    queryKey: ["reports", workspaceId, "quota-attainment", period],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/reports/quota-attainment", {
          params: { path: { workspaceId }, query: { period } },
        }),
      ).then((r) => asDomain<Redacted<QuotaAttainmentSummary>[]>(r.attainments)),
  });
}
