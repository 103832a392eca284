// The read side of the permission matrix, in one place. Every read the service answers a member goes through
// their Reader: the records they may not read (`<kind>.read`) are left out, and in what is left every money
// value their rule denies is replaced by the domain's Masked shape (`redact`, with `finance.read` or
// `quota.read` decided per record by `can()`, as commands are authorised). Reports check `report.read` (an
// account's reports, `account.read` on it), and a total over records whose money the member may not see is
// either masked or computed over the records they may see, saying how many were left out (`withheld`) — never a
// total that reveals what the lines hide. The API and the CLI read through here only, so no path is more
// permissive than another.
import {
  AccountPlanSchema,
  AccountSchema,
  ActivitySchema,
  type Actor,
  type AGGREGATE_RESOURCES,
  aggregateOfCollection,
  BriefSchema,
  ClientContractSchema,
  ContactSchema,
  ContractSchema,
  CostEntrySchema,
  can,
  EscalationSchema,
  InvoiceSchema,
  type Masked,
  type MaskFor,
  type MemberId,
  MemberSchema,
  type MoneyGuard,
  masked,
  maskedForRole,
  mayEverSee,
  maySeeClientFigures,
  moneyRuleOf,
  OpportunitySchema,
  PERMISSION_MATRIX,
  type PermissionResource,
  QuotaSchema,
  type Redacted,
  type ResourceKind,
  redact,
  resourceUnder,
  TargetListSchema,
  TaskSchema,
  type Timestamp,
  unredacted,
  WorkspaceSchema,
} from "@accountable/domain";
import { readStream, type StoreDatabase, type StoredEvent, schema } from "@accountable/store";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { AGGREGATES, type AggregateType, REGISTRY } from "./aggregates/registry.ts";
import type { AnySpec } from "./aggregates/spec.ts";
import { type Executed, loadAggregate } from "./execute.ts";
import { recordResource } from "./facts.ts";
import { loadAccount } from "./lookups.ts";
import { type Account360, Account360Schema } from "./queries/account-360.ts";
import { AccountHealthLineSchema, type AccountHealthReport } from "./queries/account-health.ts";
import { type ClientReport, ClientReportSchema } from "./queries/client-report.ts";
import type { ListItem, Queries } from "./queries/facade.ts";
import { inFieldOrder } from "./queries/field-order.ts";
import type { ForecastReport } from "./queries/forecast.ts";
import { ForecastReportSchema } from "./queries/forecast.ts";
import type { Page, Versioned } from "./queries/keyset.ts";
import { entityFieldOrder, LIST_NAMES, LISTS, type ListName } from "./queries/lists.ts";
import { type PipelineReport, PipelineReportSchema } from "./queries/pipeline.ts";
import {
  AccountPnlLineSchema,
  type PnlReport,
  PnlReportSchema,
  pnlTotal,
  TowerPnlLineSchema,
} from "./queries/pnl.ts";
import type { QuotaAttainmentReport } from "./queries/quota-attainment.ts";
import type { RenewalsDueReport } from "./queries/renewals-due.ts";
import { RenewalDueSchema } from "./queries/renewals-due.ts";
import { ContractPnlSchema, QuotaAttainmentSummarySchema } from "./queries/report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./queries/result.ts";
import {
  redactSalesMetrics,
  SalesMetricsOptionsSchema,
  type SalesMetricsView,
} from "./queries/sales-metrics.ts";
import type { StaleDealsReport } from "./queries/stale-deals.ts";
import { type WhitespaceReport, WhitespaceReportSchema } from "./queries/whitespace.ts";
import { notFound, type ServiceRefusal } from "./refusals.ts";
import { type ReadTable, type Scope, selectRows } from "./scope.ts";
import { type TargetListReport, targetListReport } from "./targets.ts";
import { seesEvery, type Viewer, viewerCan, viewerOf, visibleRecords } from "./visibility.ts";

/** The entity schema of each aggregate's state: where `redact` finds a record's money. */
export const ENTITY_SCHEMAS = {
  workspace: WorkspaceSchema,
  member: MemberSchema,
  account: AccountSchema,
  contact: ContactSchema,
  opportunity: OpportunitySchema,
  contract: ContractSchema,
  activity: ActivitySchema,
  task: TaskSchema,
  escalation: EscalationSchema,
  brief: BriefSchema,
  plan: AccountPlanSchema,
  invoice: InvoiceSchema,
  cost: CostEntrySchema,
  quota: QuotaSchema,
  target: TargetListSchema,
} as const satisfies Record<AggregateType, z.ZodType>;

/** The aggregate whose records a collection holds, as a type (`"opportunities"` → `"opportunity"`). */
type AggregateOf<C extends string> = {
  [A in AggregateType]: (typeof AGGREGATE_RESOURCES)[A]["collection"] extends C ? A : never;
}[AggregateType];

/** The aggregate each list holds: a list is named by its aggregate's collection (the domain's resource table). */
export const LIST_AGGREGATES = Object.fromEntries(
  LIST_NAMES.map((name) => [name, aggregateOfCollection(name)]),
) as { readonly [L in ListName]: AggregateOf<L> };

/** How far a role's money rule reaches for a guard: every record, none, or some (decided per record). */
export type MoneyReach = "all" | "none" | "some";

/** One member's money rule, applied to records described as their commands describe them. */
export interface MoneyLens {
  readonly actor: Actor;
  reach(guard: MoneyGuard): MoneyReach;
  /** What to put in place of each guard's money on this record (see the domain's MaskFor). */
  maskFor(resource: PermissionResource): MaskFor;
}

/** The lens of a member; `reports` are everyone reporting to them (what a `team` rule reads). */
export function moneyLens(actor: Actor, reports: ReadonlySet<MemberId>): MoneyLens {
  const reach = (guard: MoneyGuard): MoneyReach => {
    if (actor.role === "admin") return "all";
    const rule = PERMISSION_MATRIX[actor.role][guard];
    return rule === "always" ? "all" : rule === "never" ? "none" : "some";
  };
  const mask = (guard: MoneyGuard, resource: PermissionResource): Masked | null => {
    const rule = moneyRuleOf(resource.kind);
    if (rule.by === "client") return maySeeClientFigures(actor) ? null : maskedForRole(actor, guard);
    if (rule.by === "role") return mayEverSee(actor, guard) ? null : maskedForRole(actor, guard);
    if (reach(guard) === "all") return null;
    // quota.read is asked of quotas only: a quota's target inside a report is judged on its member's quota.
    const kind: ResourceKind = guard === "quota.read" ? "quota" : resource.kind;
    const permission = can(actor, guard, { ...resource, kind }, { reportsOf: reports });
    return permission.allowed ? null : masked(guard, permission.refusal.message);
  };
  return { actor, reach, maskFor: (resource) => (guard) => mask(guard, resource) };
}

/** The guard a kind's own money fields are asked under (see the domain's moneyRuleOf). */
const guardOf = (kind: ResourceKind): MoneyGuard => {
  const rule = moneyRuleOf(kind);
  return rule.by === "client" ? "finance.read" : rule.guard;
};

/** The read table each listed aggregate is projected into (the workspace has none: it is replayed). */
const READ_TABLES: Partial<Record<AggregateType, ReadTable>> = Object.fromEntries(
  (Object.keys(LIST_AGGREGATES) as ListName[]).map((name) => [LIST_AGGREGATES[name], LISTS[name].table]),
);
/** Each listed aggregate's fields in its entity schema's order (a row's jsonb comes back in jsonb's order). */
const FIELD_ORDER: Partial<Record<AggregateType, readonly string[]>> = Object.fromEntries(
  (Object.keys(LIST_AGGREGATES) as ListName[]).map((name) => [
    LIST_AGGREGATES[name],
    entityFieldOrder(LISTS[name].entity),
  ]),
);

type Result<T> = QueryResult<T>;
type RecordOf<A extends AggregateType> = z.output<(typeof ENTITY_SCHEMAS)[A]>;

/** A record as a member may read it: its state with the money they may not see masked, and its version. */
export interface ReadRecord<S> {
  readonly state: S;
  readonly version: number;
}

/** One event of a record's history, its payload read with the aggregate's event schema and masked like the record. */
export interface ReadEvent {
  readonly version: number;
  readonly type: string;
  readonly at: string;
  readonly actorId: string;
  readonly reason: string | null;
  readonly payload: unknown;
  readonly recordedAt: string;
}

export interface ReaderDependencies {
  readonly db: StoreDatabase;
  readonly queries: Queries;
}

/** Everything a member reads, each read held to the matrix (see the top of this file). */
export async function readerOf(deps: ReaderDependencies, workspaceId: string, memberId: string) {
  const found = await viewerOf(deps.db, workspaceId, memberId);
  if (!found.ok) return found;
  return { ok: true as const, value: createReader(deps, found.value) };
}

/** The reader of a viewer already resolved (see readerOf). */
export function createReader({ db, queries }: ReaderDependencies, viewer: Viewer) {
  const { actor } = viewer;
  const ws = viewer.scope.workspaceId;
  // The settings the viewer was resolved with (the API keeps them per process and forgets them on any change):
  // a report reads no settings of its own, so it is one round trip.
  const here = { workspaceId: ws, settings: viewer.scope.settings };
  // Accounts loaded to describe records are kept for the reader's life (one request, one command).
  const scope: Scope = { ...viewer.scope, accounts: new Map() };
  const partial = (["finance.read", "quota.read"] as const).some(
    (g) => actor.role !== "admin" && PERMISSION_MATRIX[actor.role][g] === "team",
  );
  let lensPromise: Promise<MoneyLens> | undefined;
  const lens = () => {
    lensPromise ??= (partial ? viewer.reports() : Promise.resolve(new Set<MemberId>())).then((r) =>
      moneyLens(actor, r),
    );
    return lensPromise;
  };

  /** The permission resource of a record, as its commands describe it (only when the rule is per record). */
  async function resourceOf(aggregate: AggregateType, record: unknown): Promise<PermissionResource> {
    const spec: AnySpec = REGISTRY[aggregate];
    const l = await lens();
    const kind = spec.resourceKind;
    const rule = moneyRuleOf(kind);
    if (rule.by !== "record" || l.reach(rule.guard) !== "some") return { kind };
    return recordResource(scope, spec, record);
  }

  /** The record with the money the member may not see masked. */
  async function redactRecord<A extends AggregateType>(
    aggregate: A,
    record: RecordOf<A>,
  ): Promise<Redacted<RecordOf<A>>> {
    const kind = REGISTRY[aggregate].resourceKind;
    const l = await lens();
    if (l.reach("finance.read") === "all" && l.reach("quota.read") === "all") return unredacted(record);
    const mf = l.maskFor(await resourceOf(aggregate, record));
    const entity: z.ZodType = ENTITY_SCHEMAS[aggregate];
    return redact(entity, record, guardOf(kind), mf) as Redacted<RecordOf<A>>;
  }

  const redactAll = <A extends AggregateType>(aggregate: A, records: readonly RecordOf<A>[]) =>
    Promise.all(records.map((r) => redactRecord(aggregate, r)));

  /** An account's permission resource (its owner and team), for the figures that are the account's. */
  async function accountResource(accountId: string): Promise<PermissionResource> {
    const account = await loadAccount(scope, accountId);
    return account === undefined
      ? { kind: "account" }
      : { ...resourceUnder("account", account), ownerId: account.ownerId };
  }

  /** Refuses a report the member may not read (`report.read`, judged on its owner when it names one). */
  async function reportAllowed(ownerId: unknown): Promise<ServiceRefusal | null> {
    const resource = {
      kind: "report" as const,
      ownerId: typeof ownerId === "string" ? (ownerId as MemberId) : null,
    };
    const permission = await viewerCan(viewer, "report.read", resource);
    return permission.allowed ? null : permission.refusal;
  }

  /** The record if the member may read it; NotFound otherwise (its existence is not theirs to learn). */
  async function readable<A extends AggregateType>(
    aggregate: A,
    id: string,
    asOf?: Timestamp,
  ): Promise<Result<{ state: RecordOf<A>; version: number }>> {
    const table = READ_TABLES[aggregate];
    // Now: the record as its projection wrote it (validated then; its row's version is the stream's), one row
    // read and not parsed again. As it stood at a moment: replayed from its events.
    const { state, version } =
      asOf === undefined && table
        ? ((
            await selectRows(
              scope,
              table,
              { state: table.data, version: table.version },
              { where: [eq(table.id, id)], limit: 1 },
            )
          )[0] ?? { state: undefined, version: 0 })
        : await loadAggregate(scope, REGISTRY[aggregate], id, asOf);
    const visible =
      version > 0 && (await visibleRecords(viewer, aggregate, [state as { status: string }])).length > 0;
    if (!visible) return queryRefused(notFound(aggregate, id));
    return queryOk({ state: inFieldOrder(state, FIELD_ORDER[aggregate] ?? []) as RecordOf<A>, version });
  }

  /** Every money value masked, for a member whose rule never shows it. */
  const hideAll: MaskFor = (guard) => maskedForRole(actor, guard);

  return {
    viewer,

    /**
     * One page of a list: the records the member may read, their money masked where the rule says, each with its
     * record's version (what a command sends back as If-Match, so a list's row can be acted on without a read).
     */
    async list<N extends ListName>(
      name: N,
      options?: Parameters<Queries["list"]>[2],
      /** The options are the list's options schema's output already (validated at the adapter's edge). */
      parsed?: { readonly parsed: true },
    ): Promise<Result<Page<Versioned<Redacted<ListItem<N>>>>>> {
      const page = await queries.listVersioned(name, ws, options, parsed !== undefined);
      if (!page.ok) return page;
      const aggregate = LIST_AGGREGATES[name];
      const rows: readonly ({ readonly status: string } & { readonly version: number })[] = page.value.items;
      const items = await visibleRecords(viewer, aggregate, rows);
      // A member who sees every amount gets the rows as read (already in field order, with their version): no
      // copy of each row (a page is on the hot path of every list).
      const l = await lens();
      if (l.reach("finance.read") === "all" && l.reach("quota.read") === "all")
        return queryOk({
          items: items as unknown as Versioned<Redacted<ListItem<N>>>[],
          nextCursor: page.value.nextCursor,
        });
      const shown = await Promise.all(
        items.map(async ({ version, ...r }) => ({
          ...(await redactRecord(aggregate, r as unknown as RecordOf<typeof aggregate>)),
          version,
        })),
      );
      return queryOk({
        items: shown as Versioned<Redacted<ListItem<N>>>[],
        nextCursor: page.value.nextCursor,
      });
    },

    /**
     * {@link list}'s page as JSON text (`{"items":[…],"nextCursor":…}`, the same page): for a member who may read
     * every record of the list and see every amount, the rows pass through as PostgreSQL wrote them, never
     * parsed; anyone else's page is judged and masked row by row, as {@link list} does, then serialised.
     */
    async listJson<N extends ListName>(
      name: N,
      options?: Parameters<Queries["list"]>[2],
      parsed?: { readonly parsed: true },
    ): Promise<Result<string>> {
      const l = await lens();
      if (
        seesEvery(viewer, LIST_AGGREGATES[name]) &&
        l.reach("finance.read") === "all" &&
        l.reach("quota.read") === "all"
      ) {
        const page = await queries.listVersionedJson(name, ws, options, parsed !== undefined);
        if (!page.ok) return page;
        return queryOk(`{"items":${page.value.items},"nextCursor":${JSON.stringify(page.value.nextCursor)}}`);
      }
      const page = await this.list(name, options, parsed);
      return page.ok ? queryOk(JSON.stringify(page.value)) : page;
    },

    /**
     * A target list's funnel and each current member's step and fit (targets.ts): NotFound when the list is not
     * the member's to read; accounts they may not read are counted without their names.
     */
    async targetFunnel(listId: string): Promise<Result<TargetListReport>> {
      return targetListReport(db, { viewer, record: (a, id) => this.record(a, id) }, listId);
    },

    /** One record, now or as it stood at `asOf`; NotFound when absent or not the member's to read. */
    async record<A extends AggregateType>(
      aggregate: A,
      id: string,
      asOf?: Timestamp,
    ): Promise<Result<ReadRecord<Redacted<RecordOf<A>>>>> {
      const found = await readable(aggregate, id, asOf);
      if (!found.ok) return found;
      return queryOk({
        state: await redactRecord(aggregate, found.value.state),
        version: found.value.version,
      });
    },

    /** A record's events, oldest first, each payload masked like the record (judged on the record as it stands). */
    async history(aggregate: AggregateType, id: string, asOf?: Timestamp): Promise<Result<ReadEvent[]>> {
      const found = await readable(aggregate, id, asOf);
      if (!found.ok) return found;
      const spec: AnySpec = REGISTRY[aggregate];
      const events: StoredEvent[] = await readStream(db, ws, id, asOf === undefined ? {} : { until: asOf });
      const l = await lens();
      const all = l.reach("finance.read") === "all" && l.reach("quota.read") === "all";
      const mf = all ? null : l.maskFor(await resourceOf(aggregate, found.value.state));
      const guard = guardOf(spec.resourceKind);
      return queryOk(
        events
          .filter((e) => e.streamType === spec.type)
          .map((e) => ({
            version: e.version,
            type: e.type,
            at: e.at,
            actorId: e.actorId,
            reason: e.reason,
            payload: mf ? redact(spec.eventSchema, e.payload, guard, mf) : e.payload,
            recordedAt: e.recordedAt,
          })),
      );
    },

    /** The pipeline's figures, over the deals whose amounts the member may see (or every deal, amounts masked). */
    async pipeline(
      options: Parameters<Queries["pipeline"]>[1] = {},
    ): Promise<Result<Redacted<PipelineReport>>> {
      const denied = await reportAllowed(options.ownerId);
      if (denied) return queryRefused(denied);
      const reach = (await lens()).reach("finance.read");
      const result = await queries.pipeline(here, options, reach === "some" ? await moneyDeals() : undefined);
      if (!result.ok || reach !== "none") return result as Result<Redacted<PipelineReport>>;
      return queryOk(redact(PipelineReportSchema, result.value, "finance.read", hideAll));
    },

    /** The forecast, over the deals whose amounts the member may see (or every deal, amounts masked). */
    async forecast(options: Parameters<Queries["forecast"]>[1]): Promise<Result<Redacted<ForecastReport>>> {
      const denied = await reportAllowed(undefined);
      if (denied) return queryRefused(denied);
      const reach = (await lens()).reach("finance.read");
      const result = await queries.forecast(here, options, reach === "some" ? await moneyDeals() : undefined);
      if (!result.ok || reach !== "none") return result as Result<Redacted<ForecastReport>>;
      return queryOk(redact(ForecastReportSchema, result.value, "finance.read", hideAll));
    },

    /** Quota attainment: each quota's target under quota.read, its member's won deals under finance.read. */
    async quotaAttainment(
      options: Parameters<Queries["quotaAttainment"]>[1],
    ): Promise<Result<Redacted<QuotaAttainmentReport>>> {
      const denied = await reportAllowed(undefined);
      if (denied) return queryRefused(denied);
      const result = await queries.quotaAttainment(here, options);
      if (!result.ok) return result;
      const l = await lens();
      return queryOk({
        ...result.value,
        attainments: result.value.attainments.map((a) =>
          redact(
            QuotaAttainmentSummarySchema,
            a,
            "finance.read",
            l.maskFor({ kind: "quota", ownerId: a.memberId }),
          ),
        ),
      });
    },

    /**
     * Sales metrics: money over a set of deals shows only where the member may see the money of every owner it
     * covers (see redactSalesMetrics); counts, rates by count and cycle times are shown to every report reader.
     */
    async salesMetrics(
      options: Parameters<Queries["salesMetrics"]>[1] = {},
    ): Promise<Result<SalesMetricsView>> {
      // Judged on its owner when it names one only (as the other reports' single ownerId).
      const only = Array.isArray(options.ownerId)
        ? options.ownerId.length === 1
          ? options.ownerId[0]
          : undefined
        : options.ownerId;
      const denied = await reportAllowed(only);
      if (denied) return queryRefused(denied);
      const result = await queries.salesMetrics(here, options);
      if (!result.ok) return result;
      // The options were read by the query: parsed again here only for the owners the money is about.
      const owners = SalesMetricsOptionsSchema.safeParse(options);
      const ownerIds = owners.success ? owners.data.ownerId : undefined;
      return queryOk(await redactSalesMetrics(viewer, result.value, ownerIds));
    },

    /** Stale deals; each deal's amount by its own rule. */
    async staleDeals(
      options: Parameters<Queries["staleDeals"]>[1] = {},
    ): Promise<Result<Redacted<StaleDealsReport>>> {
      const denied = await reportAllowed(options.ownerId);
      if (denied) return queryRefused(denied);
      const result = await queries.staleDeals(here, options);
      if (!result.ok) return result;
      const opportunities: Record<string, Redacted<z.output<typeof OpportunitySchema>>> = {};
      for (const [id, deal] of Object.entries(result.value.opportunities))
        opportunities[id] = await redactRecord("opportunity", deal);
      return queryOk({ ...result.value, opportunities });
    },

    /** Renewals due; each contract's money by its own rule. */
    async renewalsDue(
      options: Parameters<Queries["renewalsDue"]>[1],
    ): Promise<Result<Redacted<RenewalsDueReport>>> {
      const denied = await reportAllowed(options.ownerId);
      if (denied) return queryRefused(denied);
      const result = await queries.renewalsDue(here, options);
      if (!result.ok) return result;
      const l = await lens();
      const contracts = [];
      for (const line of result.value.contracts)
        contracts.push(
          redact(
            RenewalDueSchema,
            line,
            "finance.read",
            l.maskFor(await resourceOf("contract", line.contract)),
          ),
        );
      return queryOk({ ...result.value, contracts });
    },

    /** Account health; each account's money (its overdue invoices) by the account's rule. */
    async accountHealth(
      options: Parameters<Queries["accountHealth"]>[1] = {},
    ): Promise<Result<Redacted<AccountHealthReport>>> {
      const denied = await reportAllowed(typeof options.ownerId === "string" ? options.ownerId : undefined);
      if (denied) return queryRefused(denied);
      const result = await queries.accountHealth(here, options);
      if (!result.ok) return result;
      const l = await lens();
      const accounts = [];
      for (const line of result.value.accounts)
        accounts.push(
          redact(
            AccountHealthLineSchema,
            line,
            "finance.read",
            l.maskFor(await accountResource(line.account.id)),
          ),
        );
      return queryOk({ ...result.value, accounts });
    },

    /**
     * The P&L: each account's (contract's, tower's) figures by its own rule; the total is the sum of the lines
     * shown, `withheld` counting the accounts masked (masked whole for a member who sees no money).
     */
    async pnl(options: Parameters<Queries["pnl"]>[1] = {}): Promise<Result<Redacted<PnlReport>>> {
      const denied = await reportAllowed(undefined);
      if (denied) return queryRefused(denied);
      const result = await queries.pnl(here, options);
      if (!result.ok) return result;
      const l = await lens();
      const report = result.value;
      if (l.reach("finance.read") === "all") return queryOk(unredacted(report));
      const masks = new Map<string, MaskFor>();
      const maskOfContract = async (contractId: string): Promise<MaskFor> => {
        let mf = masks.get(contractId);
        if (!mf) {
          const { state } = await loadAggregate(scope, REGISTRY.contract, contractId);
          mf = state.status === "none" ? hideAll : l.maskFor(await resourceOf("contract", state));
          masks.set(contractId, mf);
        }
        return mf;
      };
      const contractPnls = async (xs: PnlReport["contracts"]) => {
        const out = [];
        for (const c of xs)
          out.push(redact(ContractPnlSchema, c, "finance.read", await maskOfContract(c.contractId)));
        return out;
      };
      const accounts = [];
      const shown = [];
      for (const line of report.accounts) {
        const mf = l.maskFor(await accountResource(line.accountId));
        if (mf("finance.read") === null) shown.push(line);
        // A contract's figures by the contract's rule (its owner may see them on another's account).
        accounts.push({
          ...redact(AccountPnlLineSchema, line, "finance.read", mf),
          contracts: await contractPnls(line.contracts),
        });
      }
      const towers = [];
      for (const t of report.towers)
        towers.push(redact(TowerPnlLineSchema, t, "finance.read", await maskOfContract(t.contractId)));
      const withheld = report.accounts.length - shown.length;
      // A member who sees no money sees no total either, not even one over no lines (its zero is a figure too).
      const total =
        report.total === null
          ? null
          : l.reach("finance.read") === "none"
            ? redact(PnlReportSchema, report, "finance.read", hideAll).total
            : withheld === 0
              ? report.total
              : pnlTotal(report.currency, shown);
      return queryOk({
        ...report,
        accounts,
        contracts: await contractPnls(report.contracts),
        towers,
        total,
        withheld,
      });
    },

    /**
     * The account 360: the account's figures (health, P&L) by the account's rule, each deal, contract, invoice
     * and cost by its own, a brief's budgets with the brief.
     */
    async account360(
      accountId: string,
      options: Parameters<Queries["account360"]>[2] = {},
    ): Promise<Result<Redacted<Account360>>> {
      const found = await readable("account", accountId);
      if (!found.ok) return found;
      const result = await queries.account360(here, accountId, options);
      if (!result.ok) return result;
      const l = await lens();
      const v = result.value;
      if (l.reach("finance.read") === "all" && l.reach("quota.read") === "all") return queryOk(unredacted(v));
      const mf = l.maskFor(await accountResource(accountId));
      return queryOk({
        ...redact(Account360Schema, v, "finance.read", mf),
        account: await redactRecord("account", v.account),
        opportunities: await redactAll("opportunity", v.opportunities),
        contracts: await redactAll("contract", v.contracts),
        briefs: await redactAll("brief", v.briefs),
        invoices: await redactAll("invoice", v.invoices),
        costs: await redactAll("cost", v.costs),
      });
    },

    /**
     * The account's whitespace: every revenue in it is the account's money, masked by the account's rule
     * (`finance.read` on the account: its owner, their managers, finance), as its P&L is.
     */
    async whitespace(
      options: Parameters<Queries["whitespace"]>[1],
    ): Promise<Result<Redacted<WhitespaceReport>>> {
      const found = await readable("account", String(options.accountId));
      if (!found.ok) return found;
      const result = await queries.whitespace(here, options);
      if (!result.ok) return result;
      const l = await lens();
      if (l.reach("finance.read") === "all") return queryOk(unredacted(result.value));
      const mf = l.maskFor(await accountResource(String(options.accountId)));
      return queryOk(redact(WhitespaceReportSchema, result.value, "finance.read", mf));
    },

    /**
     * The client report: the account's figures by the account's rule, each contract's by its own, a brief's
     * budgets with the brief (they are the client's figures).
     */
    async clientReport(
      options: Parameters<Queries["clientReport"]>[1],
    ): Promise<Result<Redacted<ClientReport>>> {
      const found = await readable("account", String(options.accountId));
      if (!found.ok) return found;
      const result = await queries.clientReport(here, options);
      if (!result.ok) return result;
      const l = await lens();
      const v = result.value;
      if (l.reach("finance.read") === "all") return queryOk(unredacted(v));
      const mf = l.maskFor(await accountResource(v.account.id));
      const coarse = redact(ClientReportSchema, v, "finance.read", mf);
      const contracts = [];
      for (const c of v.contracts) {
        // The client's view of the contract (its towers carry no cost), by the contract's own rule.
        const { state } = await loadAggregate(scope, REGISTRY.contract, c.contract.id);
        const mf = state.status === "none" ? hideAll : l.maskFor(await resourceOf("contract", state));
        contracts.push({
          contract: redact(ClientContractSchema, c.contract, "finance.read", mf),
          renewal: c.renewal,
        });
      }
      const briefs = [];
      for (const b of v.budget.briefs) briefs.push({ ...b, brief: await redactRecord("brief", b.brief) });
      return queryOk({
        ...coarse,
        contracts,
        deliverables: {
          ...coarse.deliverables,
          briefsDelivered: await redactAll("brief", v.deliverables.briefsDelivered),
          briefsDue: await redactAll("brief", v.deliverables.briefsDue),
        },
        budget: {
          ...coarse.budget,
          briefs: unredacted(briefs) as Redacted<ClientReport>["budget"]["briefs"],
        },
      });
    },

    /**
     * What a command did, as the member may read it: the record's state and the events' payloads masked like
     * the record, and the money in its follow-ups' commands judged on the same record (it is what caused them).
     */
    async executed(e: Executed): Promise<Executed> {
      const l = await lens();
      if (l.reach("finance.read") === "all" && l.reach("quota.read") === "all") return e;
      // The service's own flows (an invitation) hold no money.
      const aggregate = AGGREGATES.find((a) => a === e.aggregate);
      if (aggregate === undefined) return e;
      const spec: AnySpec = REGISTRY[aggregate];
      const state = e.state as { readonly status: string };
      const mf = state.status === "none" ? hideAll : l.maskFor(await resourceOf(aggregate, state));
      const guard = guardOf(spec.resourceKind);
      const entity: z.ZodType = ENTITY_SCHEMAS[aggregate];
      return {
        ...e,
        state: redact(entity, e.state, guard, mf),
        events: e.events.map((ev) => redact(spec.eventSchema, ev, guard, mf) as typeof ev),
        followUps: e.followUps.map((f) => {
          const target: AnySpec = REGISTRY[f.target];
          const command = redact(target.commandSchema, f.command, guardOf(target.resourceKind), mf);
          return { ...f, command } as typeof f;
        }),
      };
    },
  };

  /** The ids of the deals whose amounts the member may see (for a member whose rule is per record). */
  async function moneyDeals(): Promise<Set<string>> {
    const o = schema.opportunities;
    const rows = await selectRows(scope, o, { data: o.data });
    const l = await lens();
    const ids = new Set<string>();
    for (const row of rows) {
      const deal = OpportunitySchema.parse(row.data);
      if (l.maskFor(await resourceOf("opportunity", deal))("finance.read") === null) ids.add(deal.id);
    }
    return ids;
  }
}

/** A member's reader (see createReader). */
export type Reader = ReturnType<typeof createReader>;
