// Every aggregate of the domain as the web shows it: the machine (its transition table says which commands a
// state accepts), the command schema (the form is generated from it), the entity schema (how a record reads),
// the API collection the commands are sent to and who holds a record (for the domain's `can`). Keyed by the
// domain's AggregateType, so an aggregate the domain adds does not compile until it has a row here; a command
// an aggregate learns needs no edit at all.

import type { paths } from "@accountable/client";
import {
  AccountCommandSchema,
  type AccountId,
  AccountPlanCommandSchema,
  AccountPlanSchema,
  AccountSchema,
  ActivityCommandSchema,
  ActivitySchema,
  type AggregateType,
  type AnyMachine,
  accountMachine,
  accountPlanMachine,
  activityMachine,
  BriefCommandSchema,
  BriefSchema,
  briefMachine,
  COMMAND_ACTIONS,
  ContactCommandSchema,
  ContactSchema,
  ContractCommandSchema,
  ContractSchema,
  CostEntryCommandSchema,
  CostEntrySchema,
  collectionOf,
  contactMachine,
  contractMachine,
  costEntryMachine,
  type Collection as DomainCollection,
  createdIdField as domainCreatedIdField,
  EscalationCommandSchema,
  EscalationSchema,
  escalationMachine,
  guardsInWords,
  InvoiceCommandSchema,
  InvoiceSchema,
  invoiceMachine,
  MemberCommandSchema,
  type MemberId,
  MemberSchema,
  memberMachine,
  OpportunityCommandSchema,
  OpportunitySchema,
  opportunityMachine,
  QuotaCommandSchema,
  QuotaSchema,
  quotaMachine,
  TargetListCommandSchema,
  TargetListSchema,
  TaskCommandSchema,
  TaskSchema,
  targetListMachine,
  taskMachine,
  WorkspaceCommandSchema,
  WorkspaceSchema,
  workspaceMachine,
} from "@accountable/domain";
import type { z } from "zod";

/** Who holds a record, as the domain's `resourceUnder` wants it, and the account it belongs to. */
export interface Holders {
  readonly accountId: AccountId | null;
  readonly ownerId?: MemberId | null;
  readonly assigneeId?: MemberId | null;
}

/** A list route of the API, `/api/workspaces/{workspaceId}/<collection>`: checked against the client's paths. */
type CollectionOf<P> = P extends `/api/workspaces/{workspaceId}/${infer C}`
  ? C extends `${string}/${string}`
    ? never
    : C
  : never;
export type Collection = CollectionOf<keyof paths>;

export interface AggregateUi<E extends z.ZodType = z.ZodType> {
  readonly machine: AnyMachine;
  /** The discriminated union of the aggregate's commands. */
  readonly commandSchema: z.ZodType;
  readonly entity: E;
  /** The collection its records live in; null for the workspace itself (its commands hang off the workspace). */
  readonly collection: Collection | null;
  /** What a person calls one ("deal", not "opportunity"). */
  readonly noun: string;
  /** The entity's field that names a record to a person. */
  readonly title: (state: z.infer<E>) => string;
  readonly holders: (state: z.infer<E>) => Holders;
}

/** A row of the table; its collection is the domain's (AGGREGATE_RESOURCES), checked against the API's paths. */
const row = <E extends z.ZodType>(
  aggregate: AggregateType,
  ui: Omit<AggregateUi<E>, "collection">,
): AggregateUi<E> => ({
  ...ui,
  collection: collectionOf(aggregate),
});

// Every collection the domain names is a list route of the API's document.
type _CollectionsServed = DomainCollection extends Collection ? true : never;
const _collectionsServed: _CollectionsServed = true;
void _collectionsServed;

export const AGGREGATE_UI = {
  workspace: row("workspace", {
    machine: workspaceMachine,
    commandSchema: WorkspaceCommandSchema,
    entity: WorkspaceSchema,
    noun: "workspace",
    title: (s) => s.name,
    holders: () => ({ accountId: null }),
  }),
  member: row("member", {
    machine: memberMachine,
    commandSchema: MemberCommandSchema,
    entity: MemberSchema,
    noun: "member",
    title: (s) => s.name,
    holders: (s) => ({ accountId: null, ownerId: s.id }),
  }),
  account: row("account", {
    machine: accountMachine,
    commandSchema: AccountCommandSchema,
    entity: AccountSchema,
    noun: "account",
    title: (s) => s.name,
    holders: (s) => ({ accountId: s.id, ownerId: s.ownerId }),
  }),
  contact: row("contact", {
    machine: contactMachine,
    commandSchema: ContactCommandSchema,
    entity: ContactSchema,
    noun: "contact",
    title: (s) => s.name,
    holders: (s) => ({ accountId: s.accountId }),
  }),
  opportunity: row("opportunity", {
    machine: opportunityMachine,
    commandSchema: OpportunityCommandSchema,
    entity: OpportunitySchema,
    noun: "deal",
    title: (s) => s.name,
    holders: (s) => ({ accountId: s.accountId, ownerId: s.ownerId }),
  }),
  contract: row("contract", {
    machine: contractMachine,
    commandSchema: ContractCommandSchema,
    entity: ContractSchema,
    noun: "contract",
    title: (s) => s.title,
    holders: (s) => ({ accountId: s.accountId, ownerId: s.ownerId }),
  }),
  activity: row("activity", {
    machine: activityMachine,
    commandSchema: ActivityCommandSchema,
    entity: ActivitySchema,
    noun: "activity",
    title: (s) => s.subject,
    holders: (s) => ({ accountId: s.accountId, ownerId: s.authorId }),
  }),
  task: row("task", {
    machine: taskMachine,
    commandSchema: TaskCommandSchema,
    entity: TaskSchema,
    noun: "task",
    title: (s) => s.title,
    holders: (s) => ({ accountId: s.accountId, assigneeId: s.assigneeId }),
  }),
  escalation: row("escalation", {
    machine: escalationMachine,
    commandSchema: EscalationCommandSchema,
    entity: EscalationSchema,
    noun: "escalation",
    title: (s) => s.title,
    holders: (s) => ({ accountId: s.accountId, ownerId: s.ownerId }),
  }),
  brief: row("brief", {
    machine: briefMachine,
    commandSchema: BriefCommandSchema,
    entity: BriefSchema,
    noun: "brief",
    title: (s) => s.title,
    holders: (s) => ({ accountId: s.accountId, assigneeId: s.plannerId }),
  }),
  plan: row("plan", {
    machine: accountPlanMachine,
    commandSchema: AccountPlanCommandSchema,
    entity: AccountPlanSchema,
    noun: "account plan",
    title: (s) => s.title,
    holders: (s) => ({ accountId: s.accountId, ownerId: s.ownerId }),
  }),
  invoice: row("invoice", {
    machine: invoiceMachine,
    commandSchema: InvoiceCommandSchema,
    entity: InvoiceSchema,
    noun: "invoice",
    title: (s) => s.number ?? `Draft invoice due ${s.dueDate}`,
    holders: (s) => ({ accountId: s.accountId }),
  }),
  cost: row("cost", {
    machine: costEntryMachine,
    commandSchema: CostEntryCommandSchema,
    entity: CostEntrySchema,
    noun: "cost",
    title: (s) => s.description,
    holders: (s) => ({ accountId: s.accountId }),
  }),
  quota: row("quota", {
    machine: quotaMachine,
    commandSchema: QuotaCommandSchema,
    entity: QuotaSchema,
    noun: "quota",
    title: (s) => `Quota ${s.period}`,
    holders: (s) => ({ accountId: null, ownerId: s.memberId }),
  }),
  target: row("target", {
    machine: targetListMachine,
    commandSchema: TargetListCommandSchema,
    entity: TargetListSchema,
    noun: "target list",
    title: (s) => s.name,
    holders: (s) => ({ accountId: null, ownerId: s.ownerId }),
  }),
} as const satisfies { readonly [K in AggregateType]: AggregateUi };

export const AGGREGATE_TYPES_UI = Object.keys(AGGREGATE_UI) as AggregateType[];

/** One command of an aggregate: its `type`, its object schema, and whether it starts a record. */
export interface CommandVariant {
  readonly aggregate: AggregateType;
  readonly type: string;
  readonly schema: z.ZodObject;
  /** A creation command (the domain's resource table names it; its machine runs it from `none`). */
  readonly creates: boolean;
  /** A short verb phrase from the transition table ("move to a stage"). */
  readonly label: string;
  /** The checks the move passes when sent, in the domain's words for its row's guards ("a reason"). */
  readonly guards: readonly string[];
  /** Issued by the passage of time rather than a person (the sweep). */
  readonly automatic: boolean;
}

interface TableRow {
  readonly label: string;
  readonly from: readonly string[];
  readonly automatic?: boolean;
}

function isObjectSchema(s: unknown): s is z.ZodObject {
  return (
    typeof s === "object" &&
    s !== null &&
    "shape" in s &&
    (s as { readonly def?: { readonly type?: string } }).def?.type === "object"
  );
}

/** The options of a discriminated union on `type` (a single object schema is one option). */
function unionOptions(schema: z.ZodType): z.ZodObject[] {
  const def = schema.def as { type: string; options?: readonly unknown[] };
  const options = def.type === "union" && def.options ? def.options : [schema];
  return options.filter(isObjectSchema);
}

function literalType(schema: z.ZodObject): string {
  const def = (schema.shape as Record<string, z.ZodType>).type?.def as
    | { values?: readonly unknown[] }
    | undefined;
  const value = def?.values?.[0];
  if (typeof value !== "string") throw new Error("a command schema without a literal `type`");
  return value;
}

const cache = new Map<AggregateType, CommandVariant[]>();

/** Every command of the aggregate, in the domain's order, with its row of the transition table. */
export function commandVariants(aggregate: AggregateType): CommandVariant[] {
  const known = cache.get(aggregate);
  if (known) return known;
  const ui = AGGREGATE_UI[aggregate];
  const table = ui.machine.table as Readonly<Record<string, TableRow>>;
  const variants = unionOptions(ui.commandSchema).map((schema): CommandVariant => {
    const type = literalType(schema);
    const rowOf = table[type];
    return {
      aggregate,
      type,
      schema,
      creates: domainCreatedIdField(aggregate, type) !== undefined,
      label: rowOf?.label ?? type,
      guards: guardsInWords(ui.machine, type),
      automatic: rowOf?.automatic ?? false,
    };
  });
  cache.set(aggregate, variants);
  return variants;
}

export function commandVariant(aggregate: AggregateType, type: string): CommandVariant | undefined {
  return commandVariants(aggregate).find((v) => v.type === type);
}

/** The commands the table accepts from a status (before guards and permissions). */
export function commandsFromStatus(aggregate: AggregateType, status: string): CommandVariant[] {
  const table = AGGREGATE_UI[aggregate].machine.table as Readonly<Record<string, TableRow>>;
  return commandVariants(aggregate).filter((v) => table[v.type]?.from.includes(status));
}

/** The action (permission) the command needs, from the domain's COMMAND_ACTIONS. */
export function actionOf(aggregate: AggregateType, type: string): string {
  return (COMMAND_ACTIONS[aggregate] as Readonly<Record<string, string>>)[type]!;
}

/** The field of a creation command that names the new record (the domain's resource table): the web fills it with a fresh id and never asks for it. */
export function createdIdField(variant: CommandVariant): string | undefined {
  return domainCreatedIdField(variant.aggregate, variant.type);
}
