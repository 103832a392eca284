// A member's inbox: what waits on them, derived from the records (nothing is stored but what they have read).
// Approvals their role may give, escalations they own or that were escalated to them, tasks assigned to them,
// their deals gone stale, the notice deadlines of their binding contracts once the notice window is open, and
// the reviews of the account plans they own as the review date nears (see `planReviewReminder`).
// Each item has a key that changes when the thing itself changes (an escalation escalated again, a task's new
// due date, a deal stale in a new stage), so something read comes back unread when there is news.

import type { AccountPlan } from "../entities/account-plan.ts";
import type { Activity } from "../entities/activity.ts";
import { BINDING_CONTRACT_STATUSES, type Contract } from "../entities/contract.ts";
import { type Escalation, LIVE_ESCALATION_STATUSES } from "../entities/escalation.ts";
import type { Role } from "../entities/member.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import type { WorkspaceSettings } from "../entities/settings.ts";
import { OPEN_TASK_STATUSES, type Task } from "../entities/task.ts";
import { type CalendarDate, dateOf, daysBetween, type Timestamp } from "../kernel/calendar-date.ts";
import { spellDate } from "../kernel/spell-date.ts";
import { planReviewReminder } from "../machines/account-plan.machine.ts";
import { canApprove, pendingApprovals } from "./approval-routing.ts";
import { renewalSchedule } from "./renewal-schedule.ts";
import { staleDeals } from "./rotting.ts";

export const INBOX_KINDS = [
  "approval",
  "escalation",
  "task",
  "stale_deal",
  "notice_deadline",
  "plan_review",
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** The kinds of record an inbox item can be about. */
export const INBOX_AGGREGATES = ["contract", "escalation", "task", "opportunity", "plan"] as const;
export type InboxAggregate = (typeof INBOX_AGGREGATES)[number];

export interface InboxItem {
  /** Stable while nothing changes; a change that needs the member again makes a new key (read → unread). */
  readonly key: string;
  readonly kind: InboxKind;
  /** The record it is about: its aggregate and id. */
  readonly aggregate: InboxAggregate;
  readonly recordId: string;
  readonly accountId: string | null;
  /** One line: what it is. */
  readonly title: string;
  /** One sentence: why it waits on the member. */
  readonly detail: string;
  /** When it needs doing (a due date, an SLA, a deadline) or since when it waits; the inbox sorts by it. */
  readonly due: CalendarDate;
  /** Past due (or, for an escalation, past its SLA). */
  readonly overdue: boolean;
}

export interface InboxFacts {
  readonly member: { readonly id: string; readonly role: Role };
  readonly now: Timestamp;
  readonly settings: Pick<WorkspaceSettings, "approvalAuthority" | "pipelines" | "renewals">;
  /** Contracts waiting for approval (any owner). */
  readonly pendingContracts: readonly Contract[];
  /** Escalations the member owns or was escalated to. */
  readonly escalations: readonly Escalation[];
  /** Open tasks assigned to the member. */
  readonly tasks: readonly Task[];
  /** The member's open deals, and the activities on them (a planned activity spares a deal). */
  readonly deals: readonly Opportunity[];
  readonly dealActivities: readonly Activity[];
  /** Binding contracts the member owns. */
  readonly contracts: readonly Contract[];
  /** Active account plans and plans under review that the member owns. */
  readonly plans: readonly AccountPlan[];
}

const OPEN_ESCALATION = new Set<string>(LIVE_ESCALATION_STATUSES);
const OPEN_TASK = new Set<string>(OPEN_TASK_STATUSES);
const BINDING = new Set<string>(BINDING_CONTRACT_STATUSES);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** What waits on the member at `now`, most pressing first (overdue, then by due date). */
export function inboxItems(facts: InboxFacts): InboxItem[] {
  const { member, now } = facts;
  const today = dateOf(now);
  const items: InboxItem[] = [];

  for (const c of facts.pendingContracts) {
    if (c.status !== "pending_approval") continue;
    if (c.approvals.some((a) => a.memberId === member.id)) continue;
    const waiting = pendingApprovals(c, facts.settings.approvalAuthority);
    if (waiting.length === 0 || !canApprove(member.role, c, facts.settings.approvalAuthority)) continue;
    items.push({
      key: `approval:${c.id}:${c.approvals.length}`,
      kind: "approval",
      aggregate: "contract",
      recordId: c.id,
      accountId: c.accountId,
      title: `Approve ${c.title}`,
      detail: `Waiting for ${waiting.map((r) => r.replace(/_/g, " ")).join(" and ")} approval.`,
      due: today,
      overdue: false,
    });
  }

  for (const e of facts.escalations) {
    if (!OPEN_ESCALATION.has(e.status)) continue;
    const escalatedToMe = e.escalatedTo.at(-1) === member.id;
    if (!escalatedToMe && e.ownerId !== member.id) continue;
    const late = e.slaDueAt < now;
    items.push({
      key: `escalation:${e.id}:${e.status}:${e.escalatedTo.length}:${e.reopenCount}`,
      kind: "escalation",
      aggregate: "escalation",
      recordId: e.id,
      accountId: e.accountId,
      title: `${e.severity[0]!.toUpperCase()}${e.severity.slice(1)} escalation: ${e.title}`,
      detail: escalatedToMe
        ? `Escalated to you (${e.status.replace(/_/g, " ")}); its SLA ${late ? "has passed" : "ends"} ${spellDate(e.slaDueAt, today)}.`
        : `You own it (${e.status.replace(/_/g, " ")}); its SLA ${late ? "has passed" : "ends"} ${spellDate(e.slaDueAt, today)}.`,
      due: dateOf(e.slaDueAt),
      overdue: late,
    });
  }

  for (const t of facts.tasks) {
    if (!OPEN_TASK.has(t.status) || t.assigneeId !== member.id) continue;
    const days = daysBetween(today, t.dueDate);
    items.push({
      key: `task:${t.id}:${t.dueDate}:${t.assigneeId}`,
      kind: "task",
      aggregate: "task",
      recordId: t.id,
      accountId: t.accountId,
      title: t.agreedWithClient ? `Client deadline: ${t.title}` : t.title,
      detail:
        days < 0
          ? `Was due ${plural(-days, "day")} ago.`
          : days === 0
            ? "Due today."
            : `Due in ${plural(days, "day")}.`,
      due: t.dueDate,
      overdue: days < 0,
    });
  }

  const mine = facts.deals.filter((d) => d.ownerId === member.id);
  for (const s of staleDeals(mine, facts.settings.pipelines, facts.dealActivities, now).stale) {
    const deal = mine.find((d) => d.id === s.opportunityId)!;
    items.push({
      key: `stale_deal:${deal.id}:${deal.stageId}:${s.since}`,
      kind: "stale_deal",
      aggregate: "opportunity",
      recordId: deal.id,
      accountId: deal.accountId,
      title: `Stale: ${deal.name}`,
      detail: `Idle ${plural(s.idleDays, "day")} in ${s.stageLabel} (the stage allows ${s.limit}): log an activity or plan one.`,
      due: dateOf(s.since),
      overdue: true,
    });
  }

  for (const c of facts.contracts) {
    if (!BINDING.has(c.status) || c.ownerId !== member.id || c.nonRenewalNoticeAt !== null) continue;
    const s = renewalSchedule(c, facts.settings.renewals, today);
    const deadline = s.noticeDeadline.on;
    if (today < s.windowOpensOn.on || deadline < today) continue;
    const days = daysBetween(today, deadline);
    items.push({
      key: `notice_deadline:${c.id}:${deadline}`,
      kind: "notice_deadline",
      aggregate: "contract",
      recordId: c.id,
      accountId: c.accountId,
      title: `Notice deadline: ${c.title}`,
      detail: `Decide on renewal: the last day to give notice is ${spellDate(deadline, today)} (${days === 0 ? "today" : `in ${plural(days, "day")}`}).`,
      due: deadline,
      overdue: false,
    });
  }

  for (const p of facts.plans) {
    if (p.ownerId !== member.id) continue;
    const r = planReviewReminder(p, today);
    if (!r) continue;
    items.push({
      key: `plan_review:${p.id}:${r.due}:${p.status}`,
      kind: "plan_review",
      aggregate: "plan",
      recordId: p.id,
      accountId: p.accountId,
      title: `Review the account plan: ${p.title}`,
      detail: r.inProgress
        ? `The review is under way: complete it, settling overdue objectives and setting the next review date.`
        : r.overdue
          ? `The review was due ${plural(-r.daysLeft, "day")} ago (${spellDate(r.due, today)}): start it with your manager.`
          : `The review is due ${r.daysLeft === 0 ? "today" : `in ${plural(r.daysLeft, "day")}`} (${spellDate(r.due, today)}).`,
      due: r.due,
      overdue: r.overdue,
    });
  }

  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) ||
      (a.key < b.key ? -1 : 1),
  );
}
