// A member's inbox: what waits on them (approvals, escalations, tasks, stale deals, notice deadlines), derived
// by the domain's `inboxItems` from the read tables at `now`, with what they have read marked. Only the read
// marks are stored; an item whose key changed (news on it) is unread again.
import {
  AccountPlanSchema,
  ActivitySchema,
  BINDING_CONTRACT_STATUSES,
  CalendarDateSchema,
  ContractSchema,
  EscalationSchema,
  INBOX_AGGREGATES,
  INBOX_KINDS,
  type InboxItem,
  inboxItems,
  LIVE_ESCALATION_STATUSES,
  OPEN_TASK_STATUSES,
  OpportunitySchema,
  TaskSchema,
  type Timestamp,
  TimestampSchema,
} from "@accountable/domain";
import {
  markInboxRead,
  markInboxUnread,
  readInboxKeys,
  type StoreDatabase,
  schema,
} from "@accountable/store";
import { eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { parseEach } from "./queries/read.ts";
import { type QueryResult, queryOk, queryRefused } from "./queries/result.ts";
import { notFound } from "./refusals.ts";
import { idsWhere, selectRows } from "./scope.ts";
import { viewerOf } from "./visibility.ts";

export const InboxEntrySchema = z
  .object({
    key: z
      .string()
      .meta({ description: "The item's key: mark it read with it. A change on the record makes a new key." }),
    kind: z.enum(INBOX_KINDS),
    aggregate: z.enum(INBOX_AGGREGATES),
    recordId: z.string(),
    accountId: z.string().nullable(),
    accountName: z.string().nullable(),
    title: z.string(),
    detail: z.string(),
    due: CalendarDateSchema,
    overdue: z.boolean(),
    read: z.boolean(),
  })
  .meta({ id: "InboxItem" });
export type InboxEntry = InboxItem & z.output<typeof InboxEntrySchema>;

export const InboxSchema = z
  .object({
    now: TimestampSchema,
    unread: z.number().int().meta({ description: "How many items are unread." }),
    items: z.array(InboxEntrySchema).meta({ description: "Most pressing first: overdue, then by due date." }),
  })
  .meta({
    id: "Inbox",
    description:
      "What waits on you: approvals, escalations, tasks, stale deals, notice deadlines, account plan reviews.",
  });
export interface Inbox {
  readonly now: Timestamp;
  /** How many items are unread: the count beside the inbox in the header. */
  readonly unread: number;
  /** Every item, most pressing first (or only the unread ones when asked). */
  readonly items: readonly InboxEntry[];
}

export function inboxOf(db: StoreDatabase, clock: () => Timestamp) {
  /** The member's items at `now`, or the refusal (not a member). */
  async function items(workspaceId: string, memberId: string, now: Timestamp) {
    const viewer = await viewerOf(db, workspaceId, memberId);
    if (!viewer.ok) return viewer;
    const { scope, actor } = viewer.value;
    const c = schema.contracts;
    const e = schema.escalations;
    const t = schema.tasks;
    const o = schema.opportunities;
    const a = schema.activities;
    const p = schema.accountPlans;
    const myDeals = [eq(o.ownerId, memberId), eq(o.status, "open")];
    const [pendingContracts, contracts, escalations, tasks, deals, dealActivities, plans] = await Promise.all(
      [
        selectRows(scope, c, { data: c.data }, { where: [eq(c.status, "pending_approval")] }),
        selectRows(
          scope,
          c,
          { data: c.data },
          { where: [eq(c.ownerId, memberId), inArray(c.status, [...BINDING_CONTRACT_STATUSES])] },
        ),
        selectRows(
          scope,
          e,
          { data: e.data },
          {
            where: [
              inArray(e.status, [...LIVE_ESCALATION_STATUSES]),
              or(
                eq(e.ownerId, memberId),
                sql`${e.data}->'escalatedTo' @> ${JSON.stringify([memberId])}::jsonb`,
              ),
            ],
          },
        ),
        selectRows(
          scope,
          t,
          { data: t.data },
          { where: [eq(t.assigneeId, memberId), inArray(t.status, [...OPEN_TASK_STATUSES])] },
        ),
        selectRows(scope, o, { data: o.data }, { where: myDeals }),
        selectRows(
          scope,
          a,
          { data: a.data },
          {
            where: [
              inArray(a.status, ["planned", "done"]),
              inArray(a.opportunityId, idsWhere(scope, o, ...myDeals)),
            ],
          },
        ),
        // The member's live plans; the domain keeps those whose review is near, past or under way.
        selectRows(
          scope,
          p,
          { data: p.data },
          { where: [eq(p.ownerId, memberId), inArray(p.status, ["active", "under_review"])] },
        ),
      ],
    );
    const found = inboxItems({
      member: { id: memberId, role: actor.role },
      now,
      settings: scope.settings,
      pendingContracts: parseEach(ContractSchema, pendingContracts),
      contracts: parseEach(ContractSchema, contracts),
      escalations: parseEach(EscalationSchema, escalations),
      tasks: parseEach(TaskSchema, tasks),
      deals: parseEach(OpportunitySchema, deals),
      dealActivities: parseEach(ActivitySchema, dealActivities),
      plans: parseEach(AccountPlanSchema, plans),
    });
    return { ok: true as const, value: { scope, found } };
  }

  return {
    /** The member's inbox at `now` (default: the service clock); `unreadOnly` leaves out what they read. */
    async list(
      workspaceId: string,
      memberId: string,
      options: { readonly now?: Timestamp; readonly unreadOnly?: boolean } = {},
    ): Promise<QueryResult<Inbox>> {
      const now = options.now ?? clock();
      const result = await items(workspaceId, memberId, now);
      if (!result.ok) return queryRefused(result.error);
      const { scope, found } = result.value;
      const read = await readInboxKeys(
        db,
        workspaceId,
        memberId,
        found.map((i) => i.key),
      );
      const accountIds = [...new Set(found.flatMap((i) => (i.accountId ? [i.accountId] : [])))];
      const ac = schema.accounts;
      const names = new Map(
        accountIds.length === 0
          ? []
          : (
              await selectRows(
                scope,
                ac,
                { id: ac.id, name: ac.name },
                { where: [inArray(ac.id, accountIds)] },
              )
            ).map((r) => [r.id, r.name] as const),
      );
      const entries = found.map((i) => ({
        ...i,
        read: read.has(i.key),
        accountName: i.accountId ? (names.get(i.accountId) ?? null) : null,
      }));
      return queryOk({
        now,
        unread: entries.filter((i) => !i.read).length,
        items: options.unreadOnly ? entries.filter((i) => !i.read) : entries,
      });
    },

    /**
     * Marks items read (by key), or every item in the inbox now ("all"); a key not in the member's inbox is
     * refused, naming it, so a typo does not pass for done.
     */
    async markRead(
      workspaceId: string,
      memberId: string,
      keys: readonly string[] | "all",
      options: { readonly unread?: boolean; readonly now?: Timestamp } = {},
    ): Promise<QueryResult<{ readonly marked: number; readonly unread: number }>> {
      const now = options.now ?? clock();
      const result = await items(workspaceId, memberId, now);
      if (!result.ok) return queryRefused(result.error);
      const current = new Set(result.value.found.map((i) => i.key));
      const chosen = keys === "all" ? [...current] : [...new Set(keys)];
      const unknown = chosen.filter((k) => !current.has(k));
      if (unknown.length > 0)
        return queryRefused({
          ...notFound("inbox_item", unknown[0]!),
          message: `Your inbox has no item ${unknown.map((k) => `"${k}"`).join(", ")} (it may have been done or changed since: read the inbox again).`,
        });
      if (options.unread) await markInboxUnread(db, workspaceId, memberId, chosen);
      else await markInboxRead(db, workspaceId, memberId, chosen, new Date(now));
      const read = await readInboxKeys(db, workspaceId, memberId, [...current]);
      return queryOk({ marked: chosen.length, unread: current.size - read.size });
    },
  };
}

export type InboxService = ReturnType<typeof inboxOf>;
