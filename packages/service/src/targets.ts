// Target lists beyond their commands: which accounts match a list's criteria (read where the rows are, then held
// to the domain's fit), adding them through the one command path, and the list's funnel with each member's fit.
import {
  type AccountId,
  currentTargets,
  customerFit,
  FIT_WEIGHTS,
  type FitFacts,
  FUNNEL_STEPS,
  HUNTABLE_STATUSES,
  isMasked,
  MAX_TARGETS_PER_COMMAND,
  type TargetCriteria,
  type TargetList,
  type TargetListCommand,
  TargetListStatusSchema,
  TargetSourceSchema,
  type Timestamp,
  TimestampSchema,
  targetFunnel,
} from "@accountable/domain";
import { type StoreDatabase, schema } from "@accountable/store";
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { type ExecuteResult, execute } from "./execute.ts";
import { type QueryResult, queryOk, queryRefused } from "./queries/result.ts";
import { notFound } from "./refusals.ts";
import { loadList, writableList } from "./target-access.ts";
import { importTargets } from "./target-import.ts";
import { type Viewer, viewerOf, visibleRecords } from "./visibility.ts";

// Accounts a list hunts by criteria are those not yet clients (the domain's HUNTABLE_STATUSES).
export { HUNTABLE_STATUSES };

/** An account that meets every criterion of a list and is not on it yet. */
export interface TargetMatch {
  readonly accountId: AccountId;
  readonly name: string;
}

const FitReasonSchema = z.object({
  criterion: z.enum(Object.keys(FIT_WEIGHTS) as [keyof typeof FIT_WEIGHTS]),
  matched: z.boolean(),
  text: z.string(),
});

/** A list's funnel report: the funnel's steps and each current member with its step and fit. */
export const TargetListReportSchema = z
  .object({
    list: z.object({ id: z.string(), name: z.string(), status: TargetListStatusSchema, goal: z.string() }),
    steps: z.array(
      z.object({
        step: z.enum(FUNNEL_STEPS),
        count: z.number().int(),
        conversionBasisPoints: z.number().int().nullable(),
        averageDaysFromPrevious: z.number().int().nullable(),
        /** The median of the same days (the domain's `medianDays`). */
        medianDaysFromPrevious: z.number().int().nullable(),
      }),
    ),
    members: z.array(
      z.object({
        accountId: z.string(),
        /** The account's name; null when the reader may not read the account. */
        name: z.string().nullable(),
        step: z.enum(FUNNEL_STEPS),
        addedAt: TimestampSchema,
        source: TargetSourceSchema,
        fit: z.object({ score: z.number().int(), fits: z.boolean(), reasons: z.array(FitReasonSchema) }),
      }),
    ),
  })
  .meta({
    id: "TargetListReport",
    description:
      "A target list's funnel (target → met → opportunity → won: counts, conversion, mean and median days between steps) and each current member's step and ideal-customer fit with its reasons.",
  });
export type TargetListReport = z.output<typeof TargetListReportSchema>;
export type TargetReportMember = TargetListReport["members"][number];

type AccountRow = { id: string; name: string; data: FitFacts };

async function accountRows(
  db: StoreDatabase,
  workspaceId: string,
  ids: readonly string[],
): Promise<AccountRow[]> {
  if (ids.length === 0) return [];
  const a = schema.accounts;
  const rows = await db
    .select({ id: a.id, name: a.name, data: a.data })
    .from(a)
    .where(and(eq(a.workspaceId, workspaceId), inArray(a.id, [...ids])));
  return rows as AccountRow[];
}

/**
 * The accounts that meet every criterion the list asks and are not on it: industries and regions are matched in
 * SQL (case-insensitively), then each candidate is held to the domain's `customerFit` (ranges, currencies), so a
 * match here is exactly an account whose fit is 100.
 */
export async function matchingAccounts(
  db: StoreDatabase,
  workspaceId: string,
  criteria: TargetCriteria,
  exclude: readonly string[] = [],
): Promise<TargetMatch[]> {
  const a = schema.accounts;
  const lower = (xs: readonly string[]) => xs.map((x) => x.trim().toLocaleLowerCase("en"));
  const conditions = [eq(a.workspaceId, workspaceId), inArray(a.status, [...HUNTABLE_STATUSES])];
  if (criteria.industries.length > 0)
    conditions.push(inArray(sql<string>`lower(${a.data}->>'industry')`, lower(criteria.industries)));
  if (criteria.regions.length > 0)
    conditions.push(inArray(sql<string>`lower(${a.data}->>'region')`, lower(criteria.regions)));
  if (exclude.length > 0) conditions.push(notInArray(a.id, [...exclude]));
  const rows = (await db
    .select({ id: a.id, name: a.name, data: a.data })
    .from(a)
    .where(and(...conditions))
    .orderBy(a.name, a.id)) as AccountRow[];
  return rows
    .filter((r) => customerFit(r.data, criteria).fits)
    .map((r) => ({ accountId: r.id as AccountId, name: r.name }));
}

/** Adding by criteria as a member asks it (API and CLI): the matches and, unless a preview, how many were added. */
export const AddMatchingSchema = z
  .object({
    listId: z.string(),
    dryRun: z.boolean().meta({ description: "True for a preview: nothing was written." }),
    matched: z
      .array(z.object({ accountId: z.string(), name: z.string() }))
      .meta({ description: "The accounts the list's criteria match and that are not on it yet, by name." }),
    added: z.int().meta({ description: "How many were added (0 in a preview)." }),
    version: z
      .int()
      .nullable()
      .meta({ description: "The list's version after the additions; null when nothing was written." }),
  })
  .meta({
    id: "TargetAddMatching",
    description:
      "The accounts a target list's criteria match (prospects and former clients meeting every criterion, i.e. a fit of 100) and, unless a preview, their addition.",
  });
export type AddMatching = z.output<typeof AddMatchingSchema>;

/** What adding by criteria did: the accounts that matched, and each AddTargets command's outcome. */
export interface AddedByCriteria {
  readonly matched: readonly TargetMatch[];
  readonly results: readonly ExecuteResult[];
}

export function targetsOf(deps: { readonly db: StoreDatabase; readonly clock: () => Timestamp }) {
  const { db, clock } = deps;
  return {
    /** Adds the accounts rows name (by name or id) to a list as the member, each row accounted for (target-import.ts). */
    importAccounts: (
      workspaceId: string,
      memberId: string,
      listId: string,
      rows: readonly string[],
      opts: { readonly dryRun?: boolean; readonly firstRow?: number; readonly now?: Timestamp } = {},
    ) => importTargets(deps, workspaceId, memberId, listId, rows, opts),

    /** The accounts a list's criteria would add now (a preview: nothing is written). */
    async preview(workspaceId: string, listId: string): Promise<TargetMatch[] | undefined> {
      const list = await loadList(db, workspaceId, listId);
      if (!list) return undefined;
      return matchingAccounts(
        db,
        workspaceId,
        list.criteria,
        currentTargets(list).map((m) => m.accountId),
      );
    },

    /**
     * Adds every account the list's criteria match (see `matchingAccounts`) as the member, through `execute`
     * (AddTargets, source "criteria"), in commands of at most MAX_TARGETS_PER_COMMAND accounts.
     */
    async addByCriteria(
      workspaceId: string,
      actorId: string,
      listId: string,
      opts: { readonly dryRun?: boolean; readonly now?: Timestamp } = {},
    ): Promise<AddedByCriteria | undefined> {
      const matched = await this.preview(workspaceId, listId);
      if (matched === undefined) return undefined;
      const results: ExecuteResult[] = [];
      for (let i = 0; i < matched.length; i += MAX_TARGETS_PER_COMMAND) {
        const command: TargetListCommand = {
          type: "AddTargets",
          accountIds: matched.slice(i, i + MAX_TARGETS_PER_COMMAND).map((m) => m.accountId),
          source: "criteria",
        };
        const r = await execute(db, workspaceId, { aggregate: "target", id: listId, command }, actorId, {
          now: opts.now ?? clock(),
          ...(opts.dryRun ? { dryRun: true } : {}),
        });
        results.push(r);
        if (!r.ok) break;
      }
      return { matched, results };
    },

    /**
     * `addByCriteria` as a member asks it, preview (`dryRun`) or not: NotFound when the list is not theirs to
     * read, NotPermitted without `target.write` on it (judged even when nothing matches, as its commands are),
     * then the first refusal of a command if any.
     */
    async addMatching(
      workspaceId: string,
      memberId: string,
      listId: string,
      opts: { readonly dryRun?: boolean; readonly now?: Timestamp } = {},
    ): Promise<QueryResult<AddMatching>> {
      const viewer = await viewerOf(db, workspaceId, memberId);
      if (!viewer.ok) return queryRefused(viewer.error);
      const writable = await writableList(db, workspaceId, viewer.value, listId);
      if (!writable.ok) return writable;
      const dryRun = opts.dryRun === true;
      const done = await this.addByCriteria(workspaceId, memberId, listId, { ...opts, dryRun });
      if (!done) return queryRefused(notFound("target", listId));
      const failed = done.results.find((r) => !r.ok);
      if (failed && !failed.ok) return queryRefused(failed.error);
      const last = done.results.at(-1);
      return queryOk({
        listId,
        dryRun,
        matched: done.matched.map((m) => ({ accountId: m.accountId, name: m.name })),
        added: dryRun ? 0 : done.matched.length,
        version: !dryRun && last?.ok ? last.value.version : null,
      });
    },
  };
}

/** What the report reads through the member's reader: the list as they may read it, and who they are. */
export interface TargetReportReader {
  readonly viewer: Viewer;
  record(aggregate: "target", id: string): Promise<QueryResult<{ readonly state: unknown }>>;
}

/**
 * The list's funnel and each current member's fit and step, as the member reads it: NotFound when the list is not
 * theirs to read; an account they may not read counts in the funnel without its name. Where the list's revenue
 * range is masked for them, the fit leaves revenue out rather than reveal it.
 */
export async function targetListReport(
  db: StoreDatabase,
  reader: TargetReportReader,
  listId: string,
): Promise<QueryResult<TargetListReport>> {
  const workspaceId = reader.viewer.scope.workspaceId;
  const found = await reader.record("target", listId);
  if (!found.ok) return found;
  const list = found.value.state as TargetList;
  const revenueShown = list.criteria.annualRevenue === null || !hasMasked(list.criteria.annualRevenue);
  const criteria: TargetCriteria = revenueShown ? list.criteria : { ...list.criteria, annualRevenue: null };
  const members = currentTargets(list);
  const ids = members.map((m) => m.accountId);
  const accounts = new Map((await accountRows(db, workspaceId, ids)).map((r) => [r.id, r]));
  const shown = await visibleRecords(
    reader.viewer,
    "account",
    [...accounts.values()].map((r) => r.data as unknown as { readonly status: string; readonly id: string }),
  );
  const readable = new Set(shown.map((a) => a.id));
  const activities = await funnelActivities(db, workspaceId, ids);
  const deals = await funnelDeals(db, workspaceId, ids);
  const funnel = targetFunnel(members, activities, deals);
  const none: FitFacts = { industry: null, employees: null, annualRevenue: null, region: null };
  return queryOk({
    list: { id: list.id, name: list.name, status: list.status, goal: list.goal },
    steps: [...funnel.steps],
    members: members.map((m, i) => {
      const account = accounts.get(m.accountId);
      const fit = customerFit(account?.data ?? none, criteria);
      return {
        accountId: m.accountId,
        name: account && readable.has(account.id) ? account.name : null,
        step: funnel.targets[i]!.step,
        addedAt: m.addedAt,
        source: m.source,
        fit: { score: fit.score, fits: fit.fits, reasons: [...fit.reasons] },
      };
    }),
  });
}

function hasMasked(range: object): boolean {
  return Object.values(range).some((v) => isMasked(v));
}

async function funnelActivities(db: StoreDatabase, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const t = schema.activities;
  return db
    .select({
      accountId: t.accountId,
      kind: t.kind,
      status: t.status,
      at: sql<Timestamp>`${t.data}->>'at'`,
    })
    .from(t)
    .where(and(eq(t.workspaceId, workspaceId), inArray(t.accountId, [...ids]), eq(t.kind, "meeting")));
}

async function funnelDeals(db: StoreDatabase, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const t = schema.opportunities;
  return db
    .select({
      accountId: t.accountId,
      status: t.status,
      createdAt: sql<Timestamp>`${t.data}->>'createdAt'`,
      closedAt: sql<Timestamp | null>`${t.data}->>'closedAt'`,
    })
    .from(t)
    .where(and(eq(t.workspaceId, workspaceId), inArray(t.accountId, [...ids])));
}
