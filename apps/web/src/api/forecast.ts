// The forecast for a period by category and owner, now or as it stood at a past moment, and the period's quota
// attainment.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export function useForecast(workspaceId: string, period: string, asOf: string | undefined) {
  return useQuery({
    queryKey: ["reports", workspaceId, "forecast", period, asOf ?? "now"],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/reports/forecast", {
          params: {
            path: { workspaceId },
            query: { period, groupBy: "owner", ...(asOf ? { asOf } : {}) },
          },
        }),
      ),
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
      ),
  });
}
