// What the Today page reads: my open tasks, the client deadlines coming, stale deals, renewals and notice
// deadlines coming, and escalations near or past their SLA.
import type { Schemas } from "@accountable/client";
import { date, LIVE_ESCALATION_STATUSES, OPEN_TASK_STATUSES, planReviewReminder } from "@accountable/domain";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client.ts";

export type Task = Schemas["Task"];
export type Escalation = Schemas["Escalation"];
export type PlanItem = Schemas["PlanItem"];

export type StaleDealsReport = Schemas["StaleDealsReportView"];
export type RenewalsDueReport = Schemas["RenewalsDueReportView"];

/** YYYY-MM-DD of a day `days` from today, in the browser's time zone. */
export function dayFromToday(days: number, today = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const OPEN_TASKS: Task["status"][] = [...OPEN_TASK_STATUSES];

export function useMyTasks(workspaceId: string, memberId: string | undefined) {
  return useQuery({
    queryKey: ["tasks", workspaceId, "mine", memberId],
    enabled: memberId !== undefined,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/tasks", {
          params: {
            path: { workspaceId },
            query: { assigneeId: [memberId!], status: OPEN_TASKS, sort: "dueDate", limit: 100 },
          },
        }),
      ).then((p) => p.items),
  });
}

/** Open tasks agreed with a client, due in the next `days` days (or overdue). */
export function useClientDeadlines(workspaceId: string, days = 14) {
  return useQuery({
    queryKey: ["tasks", workspaceId, "client-deadlines", days],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/tasks", {
          params: {
            path: { workspaceId },
            query: { agreedWithClient: true, status: OPEN_TASKS, dueTo: dayFromToday(days), limit: 100 },
          },
        }),
      ).then((p) => p.items),
  });
}

export function useStaleDeals(workspaceId: string, ownerId: string | undefined) {
  return useQuery({
    queryKey: ["reports", workspaceId, "stale-deals", ownerId ?? "all"],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/reports/stale-deals", {
          params: { path: { workspaceId }, query: ownerId ? { ownerId } : {} },
        }),
      ),
  });
}

export function useRenewalsDue(workspaceId: string, ownerId: string | undefined, days = 90) {
  return useQuery({
    queryKey: ["reports", workspaceId, "renewals-due", ownerId ?? "all", days],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/reports/renewals-due", {
          params: {
            path: { workspaceId },
            query: { from: dayFromToday(0), to: dayFromToday(days), ...(ownerId ? { ownerId } : {}) },
          },
        }),
      ),
  });
}

const UNRESOLVED: Escalation["status"][] = [...LIVE_ESCALATION_STATUSES];

/** Unresolved escalations whose SLA falls due within `hours` (or has passed), soonest first. */
export function useEscalationsNearSla(workspaceId: string, ownerId: string | undefined, hours = 48) {
  return useQuery({
    queryKey: ["escalations", workspaceId, "near-sla", ownerId ?? "all", hours],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/escalations", {
          params: {
            path: { workspaceId },
            query: {
              status: UNRESOLVED,
              slaDueBefore: new Date(Date.now() + hours * 3_600_000).toISOString(),
              sort: "slaDueAt",
              limit: 100,
              ...(ownerId ? { ownerId: [ownerId] } : {}),
            },
          },
        }),
      ).then((p) => p.items),
  });
}

/**
 * Account plans whose review waits on their owner (or anyone's, for a manager's view): due within the domain's
 * lead days, overdue, or under way — `planReviewReminder` decides, as it does for the inbox.
 */
export function usePlanReviewsDue(workspaceId: string, ownerId: string | undefined) {
  return useQuery({
    queryKey: ["plans", workspaceId, "reviews-due", ownerId ?? "all"],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/plans", {
          params: {
            path: { workspaceId },
            query: {
              status: ["active", "under_review"],
              sort: "nextReviewOn",
              order: "asc",
              limit: 100,
              ...(ownerId ? { ownerId: [ownerId] } : {}),
            },
          },
        }),
      ).then((p) => {
        const today = date(dayFromToday(0));
        return p.items.filter(
          (plan) =>
            planReviewReminder(
              {
                status: plan.status,
                nextReviewOn: plan.nextReviewOn === null ? null : date(plan.nextReviewOn),
              },
              today,
            ) !== null,
        );
      }),
  });
}
