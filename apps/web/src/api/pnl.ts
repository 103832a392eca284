// The P&L: planned and actual revenue, cost and margin per account, each account's contracts and their towers,
// over a period (a quarter, month or year: invoices issued and costs dated in it, planned figures prorated by the
// domain to the days of each contract's term in it) or over whole terms. Money the member may not see arrives
// masked; the total adds up the lines shown and `withheld` counts the others.
import type { Schemas } from "@accountable/client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export type PnlReportAsRead = Schemas["PnlReportView"];

/** The workspace's P&L for a period label ("2026-Q3", "2026-07", "2026"), or over whole terms (`null`). */
export function usePnl(workspaceId: string, period: string | null) {
  return useQuery({
    queryKey: ["reports", workspaceId, "pnl", period ?? "whole"],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/reports/pnl", {
          params: { path: { workspaceId }, query: period === null ? {} : { period } },
        }),
      ),
  });
}
