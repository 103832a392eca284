// Sales metrics and their trend: win rate by count and by value, average deal size and won cycle, pipeline
// velocity, stage conversion and time in stage over the last N months, quarters or years, for all deals and per
// group, now or as they stood at a past moment (rebuilt by the server from the events). The report schema mirrors
// the domain's SalesMetrics (the service checks it both ways), so the body is read as the domain's type — ids and
// currencies arrive as plain strings, which the domain's brands only mark. Money the member may not see arrives
// masked: `Redacted` says so.
import type {
  MetricDimension,
  OpportunityType,
  Period,
  PeriodKind,
  Redacted,
  SalesMetrics,
} from "@accountable/domain";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

const asDomain = <T>(value: unknown): T => value as T;

export interface MetricsQuery {
  readonly per: PeriodKind;
  readonly last: number;
  readonly groupBy?: MetricDimension | undefined;
  readonly asOf?: string | undefined;
  /** Only this member's deals. */
  readonly ownerId?: string | undefined;
  /** Only deals of this type. */
  readonly type?: OpportunityType | undefined;
  /** Only deals from this lead source. */
  readonly source?: string | undefined;
  /** Only deals of this service line. */
  readonly serviceLine?: string | undefined;
}

export interface MetricsAsRead {
  readonly periods: readonly Period[];
  readonly metrics: Redacted<SalesMetrics>;
}

export function useSalesMetrics(workspaceId: string, q: MetricsQuery) {
  return useQuery({
    queryKey: [
      "reports",
      workspaceId,
      "sales-metrics",
      q.per,
      q.last,
      q.groupBy ?? "",
      q.ownerId ?? "",
      q.type ?? "",
      q.source ?? "",
      q.serviceLine ?? "",
      q.asOf ?? "now",
    ],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/reports/sales-metrics", {
          params: {
            path: { workspaceId },
            query: {
              per: q.per,
              last: q.last,
              ...(q.groupBy ? { groupBy: q.groupBy } : {}),
              ...(q.ownerId ? { ownerId: [q.ownerId] } : {}),
              ...(q.type ? { type: [q.type] } : {}),
              ...(q.source ? { source: q.source } : {}),
              ...(q.serviceLine ? { serviceLine: q.serviceLine } : {}),
              ...(q.asOf ? { asOf: q.asOf } : {}),
            },
          },
        }),
      ).then(
        (r): MetricsAsRead => ({
          periods: asDomain<Period[]>(r.periods),
          metrics: asDomain<Redacted<SalesMetrics>>(r.metrics),
        }),
      ),
  });
}
