import { ROLES, type Role } from "../entities/member.ts";

// Who may do what: the vocabulary of actions and the role × action table that `can` reads.
// Kept apart from the checking code so the table can be read, reviewed and diffed on its own.

/** Every action the service authorises, named `<what>.<verb>`; the one list every check, label and test walks. */
export const ACTIONS = [
  "account.read",
  "account.create",
  "account.update",
  "account.change_owner",
  "account.manage_team",
  "account.transition",
  "account.archive",
  "contact.read",
  "contact.write",
  "opportunity.read",
  "opportunity.create",
  "opportunity.import",
  "opportunity.update",
  "opportunity.move",
  "opportunity.override_probability",
  "opportunity.close",
  "opportunity.reopen",
  "contract.read",
  "contract.create",
  "contract.update",
  "contract.transition",
  "contract.approve",
  "contract.terminate",
  "tower.manage",
  "milestone.write",
  "activity.read",
  "activity.write",
  "task.read",
  "task.write",
  "escalation.read",
  "escalation.write",
  "escalation.transition",
  "brief.read",
  "brief.write",
  "brief.transition",
  "plan.read",
  "plan.write",
  "plan.transition",
  "target.read",
  "target.write",
  "target.transition",
  "invoice.read",
  "invoice.write",
  "invoice.transition",
  "cost.read",
  "cost.write",
  "quota.read",
  "quota.write",
  "finance.read",
  "report.read",
  "settings.read",
  "settings.write",
  "member.invite",
  "member.manage",
  "token.manage",
  "webhook.manage",
] as const;
/** An action the service authorises. */
export type Action = (typeof ACTIONS)[number];

/**
 * How far a role's permission reaches, from narrowest to widest:
 * - `never`: not for this role, whoever holds the record;
 * - `own`: the actor holds the record (its owner, its account's owner, its assignee) or is on its account's team;
 * - `team`: `own`, or the record is held by someone who reports to the actor, directly or not;
 * - `always`: any record.
 */
export const RULES = ["never", "own", "team", "always"] as const;
/** How far a role's permission on an action reaches. */
export type Rule = (typeof RULES)[number];

/** What an action is done to; the part of the action's name before the dot (finance.read applies to many). */
export const RESOURCE_KINDS = [
  "account",
  "contact",
  "opportunity",
  "contract",
  "tower",
  "milestone",
  "activity",
  "task",
  "escalation",
  "brief",
  "plan",
  "target",
  "invoice",
  "cost",
  "quota",
  "report",
  "settings",
  "member",
  "token",
  "webhook",
] as const;
/** What an action is done to. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

// Compile-time check: every action but finance.read is named after a resource kind.
type SubjectOf<A extends string> = A extends `${infer S}.${string}` ? S : never;
type _EveryActionHasAKind = Exclude<SubjectOf<Action>, "finance"> extends ResourceKind ? true : never;
const _everyActionHasAKind: _EveryActionHasAKind = true;
void _everyActionHasAKind;

/**
 * Kinds that carry the agency's own money (deal amounts, contract and tower values and costs, margins, invoices,
 * quotas, P&L): `finance.read` on one of them decides whether its money fields are shown or masked.
 * A brief's budgets are the client's figures, which the planner works from: they come with `brief.read`.
 */
export const MONEY_KINDS = [
  "account",
  "opportunity",
  "contract",
  "tower",
  "milestone",
  "invoice",
  "cost",
  "quota",
  "report",
] as const satisfies readonly ResourceKind[];

/** Actions that show or change money; only the roles that answer for a P&L or keep the books get them. */
export const FINANCIAL_ACTIONS = [
  "finance.read",
  "invoice.read",
  "invoice.write",
  "invoice.transition",
  "cost.read",
  "cost.write",
  "quota.read",
  "quota.write",
] as const satisfies readonly Action[];

const ACTIONS_BY_KIND: Readonly<Record<ResourceKind, readonly Action[]>> = (() => {
  const byKind = {} as Record<ResourceKind, readonly Action[]>;
  for (const kind of RESOURCE_KINDS)
    byKind[kind] = ACTIONS.filter(
      (a) =>
        a.startsWith(`${kind}.`) ||
        (a === "finance.read" && (MONEY_KINDS as readonly ResourceKind[]).includes(kind)),
    );
  return byKind;
})();

/** The actions that apply to a kind of resource: those named after it, and finance.read where money shows. */
export function actionsOn(kind: ResourceKind): readonly Action[] {
  return ACTIONS_BY_KIND[kind];
}

/** A verb phrase per action, for menus and for the sentences of permissions and refusals. */
export const ACTION_LABELS: Readonly<Record<Action, string>> = {
  "account.read": "see the account",
  "account.create": "create an account",
  "account.update": "edit the account",
  "account.change_owner": "hand the account to another owner",
  "account.manage_team": "change the account team",
  "account.transition": "move the account through its lifecycle",
  "account.archive": "archive the account",
  "contact.read": "see contacts",
  "contact.write": "add or edit contacts",
  "opportunity.read": "see the deal",
  "opportunity.create": "open a deal",
  "opportunity.import": "bring a deal's history in from another system",
  "opportunity.update": "edit the deal",
  "opportunity.move": "move the deal to another stage",
  "opportunity.override_probability": "override the deal's probability",
  "opportunity.close": "close the deal as won or lost",
  "opportunity.reopen": "reopen a closed deal",
  "contract.read": "see the contract",
  "contract.create": "draft a contract",
  "contract.update": "edit the contract's terms",
  "contract.transition": "move the contract through its life cycle",
  "contract.approve": "approve the contract",
  "contract.terminate": "terminate the contract",
  "tower.manage": "set up and run the contract's towers",
  "milestone.write": "record or reschedule milestones",
  "activity.read": "see activities",
  "activity.write": "log activities",
  "task.read": "see tasks",
  "task.write": "create and work tasks",
  "escalation.read": "see escalations",
  "escalation.write": "raise or edit escalations",
  "escalation.transition": "acknowledge, resolve or close escalations",
  "brief.read": "see briefs",
  "brief.write": "write briefs",
  "brief.transition": "move briefs through analysis and production",
  "plan.read": "see account plans",
  "plan.write": "draft and edit account plans",
  "plan.transition": "activate, review or archive account plans",
  "target.read": "see target lists",
  "target.write": "draft target lists and add or remove their accounts",
  "target.transition": "activate or close target lists",
  "invoice.read": "see invoices",
  "invoice.write": "draft invoices",
  "invoice.transition": "issue, void or write off invoices and record payments",
  "cost.read": "see costs",
  "cost.write": "book costs",
  "quota.read": "see quotas",
  "quota.write": "set quotas",
  "finance.read": "see amounts, margins and P&L",
  "report.read": "see reports",
  "settings.read": "see the workspace settings",
  "settings.write": "change the workspace settings",
  "member.invite": "invite members",
  "member.manage": "change members' roles and deactivate members",
  "token.manage": "manage API tokens",
  "webhook.manage": "manage webhooks",
};

/** What each role is for, in one sentence: the reason given when a role may never do something. */
export const ROLE_SCOPES: Readonly<Record<Role, string>> = {
  admin: "an admin runs the workspace and may do anything",
  director:
    "a director leads the accounts business; workspace settings, members' roles, tokens and webhooks are the admins'",
  supervisor:
    "a supervisor leads a team of account executives and reads every record (money only on their team's); issuing invoices, booking costs and the workspace itself are for others",
  account_executive:
    "an account executive answers for the accounts they hold; handovers, approvals, terminations, reopened deals and the books are for others",
  assistant:
    "an assistant supports the account team with contacts, activities, tasks and escalations, and handles no money, deals or approvals",
  account_manager:
    "an account manager runs towers and delivery on the accounts whose team they are on, and does not sell or approve",
  account_planner:
    "an account planner works the client's briefs on the accounts whose team they are on, and does not sell or see the agency's money",
  project_manager:
    "a project manager delivers — tasks, activities, escalations and milestones — on the accounts whose team they are on, and does not sell or see the agency's money",
  finance: "finance keeps the books and reads everything, but does not move deals or change accounts",
  viewer: "a viewer reads without changing anything, and sees no money",
};

/**
 * Actions no one may take on a record they hold themselves (its `ownerId`), whatever their rule says — only admins,
 * the break-glass role whose every act is in the history, are exempt. The value is the reason, in words.
 */
export const SEPARATION_OF_DUTIES: Readonly<Partial<Record<Action, string>>> = {
  "contract.approve": "no one approves a contract they own",
  "quota.write": "no one sets their own quota",
};

const A = "always";
const T = "team";
const O = "own";
const N = "never";

type RowOf<Tuple extends readonly unknown[]> = { readonly [K in keyof Tuple]: Rule };
/** One rule per role, in the order of ROLES. */
type Row = RowOf<typeof ROLES>;

// Columns follow ROLES: admin, director, supervisor, account_executive, assistant, account_manager,
// account_planner, project_manager, finance, viewer.
//
// Choices behind the table, in brief:
// - Sales leadership and finance read every record (an agency cannot let two executives court the same client
//   blind); delivery roles (assistant, account manager, planner, project manager) read the accounts whose team
//   they are on.
// - Being on an account team grants, there, what the role played on the team grants — never more than the
//   member's own role (see `can`): an executive lent to a tower as account manager does not move its deals.
// - Money is masked unless `finance.read` holds: sellers see it on what they hold, supervisors on their team's,
//   account managers on their towers' accounts, finance and directors everywhere.
// - Handing an account over, reopening a closed deal, terminating a contract and archiving an account are
//   leadership decisions: they change quotas, booked revenue and who the client talks to.
// - Approving is kept apart from selling: executives never approve; supervisors approve their team's contracts,
//   finance approves as the deal desk, and no one approves a contract they own (SEPARATION_OF_DUTIES).
// - The books are finance's: executives draft invoices on their accounts, but issuing, voiding, recording payments
//   and booking costs (which move the margin an executive is judged on) are finance's and the directors'.
// - Workspace settings, members' roles, tokens and webhooks change what everyone can do: admins only.
// biome-ignore format: a table is easier to read aligned
const TABLE = {
  //                                   adm dir sup ae  ast am  apl pm  fin vw
  "account.read":                     [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  // Judged on the account as it will be: pass the intended owner as ownerId. Anyone else's account is a handover.
  "account.create":                   [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  "account.update":                   [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  // Judged on the current owner; the service also checks the new owner the same way (a supervisor hands
  // accounts only within their own line).
  "account.change_owner":             [A,  A,  T,  N,  N,  N,  N,  N,  N,  N],
  // The executive staffs their own accounts (assistants, account managers, planners, project managers).
  "account.manage_team":              [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  "account.transition":               [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  // Archiving takes an account out of pipelines and reports: a leadership call.
  "account.archive":                  [A,  A,  T,  N,  N,  N,  N,  N,  N,  N],
  "contact.read":                     [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  // Delivery roles meet the client's people too; finance keeps its billing contacts on the invoice.
  "contact.write":                    [A,  A,  T,  O,  O,  O,  O,  O,  N,  N],
  "opportunity.read":                 [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  // A create is judged on the account it is opened under (its owner and team), never on the new record.
  "opportunity.create":               [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  // Importing brings deals in at any stage, won ones included, without their exit criteria: it books revenue and
  // quota, so it is a migration done by the workspace's leadership, not a seller's shortcut past the pipeline.
  "opportunity.import":               [A,  A,  N,  N,  N,  N,  N,  N,  N,  N],
  "opportunity.update":               [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  "opportunity.move":                 [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  "opportunity.override_probability": [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  "opportunity.close":                [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  // Reopening rewrites booked or lost revenue: not the seller's own call.
  "opportunity.reopen":               [A,  A,  T,  N,  N,  N,  N,  N,  N,  N],
  "contract.read":                    [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  "contract.create":                  [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  // The terms (value, dates, renewal, milestones' amounts): never delivery roles, whose part is milestone.write.
  "contract.update":                  [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  // Submitting, signing, activating, withdrawing; the contract machine still demands the approvals.
  "contract.transition":              [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  // Authority by amount is the approval policy's; this says who may approve at all.
  "contract.approve":                 [A,  A,  T,  N,  N,  N,  N,  N,  A,  N],
  "contract.terminate":               [A,  A,  T,  N,  N,  N,  N,  N,  N,  N],
  // Towers carry value and cost: those who answer for them, never the planners or project managers.
  "tower.manage":                     [A,  A,  T,  O,  N,  O,  N,  N,  N,  N],
  // Marking a milestone met or moving its date; adding milestones or changing their amounts is contract.update.
  "milestone.write":                  [A,  A,  T,  O,  N,  O,  N,  O,  N,  N],
  "activity.read":                    [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  // Finance logs payment chases on any account (late payment is a health signal).
  "activity.write":                   [A,  A,  T,  O,  O,  O,  O,  O,  A,  N],
  "task.read":                        [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  "task.write":                       [A,  A,  T,  O,  O,  O,  O,  O,  A,  N],
  "escalation.read":                  [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  // Whoever hears a client complaint raises it; finance raises billing disputes.
  "escalation.write":                 [A,  A,  T,  O,  O,  O,  O,  O,  A,  N],
  // Resolving and closing belong to those who deliver the fix.
  "escalation.transition":            [A,  A,  T,  O,  N,  O,  N,  O,  N,  N],
  "brief.read":                       [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  "brief.write":                      [A,  A,  T,  O,  N,  N,  O,  N,  N,  N],
  "brief.transition":                 [A,  A,  T,  O,  N,  N,  O,  N,  N,  N],
  "plan.read":                        [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  // An account plan is the account owner's, reviewed with their manager: sellers and their leadership write it.
  "plan.write":                       [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  "plan.transition":                  [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  // Target lists are how sellers hunt new clients: read like accounts, kept by whoever owns the list.
  "target.read":                      [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  "target.write":                     [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  "target.transition":                [A,  A,  T,  O,  N,  N,  N,  N,  N,  N],
  // Account managers see what is billed on their towers' accounts.
  "invoice.read":                     [A,  A,  T,  O,  N,  O,  N,  N,  A,  N],
  // Executives manage invoicing on their accounts: they draft, finance issues.
  "invoice.write":                    [A,  A,  T,  O,  N,  N,  N,  N,  A,  N],
  "invoice.transition":               [A,  A,  N,  N,  N,  N,  N,  N,  A,  N],
  "cost.read":                        [A,  A,  T,  O,  N,  O,  N,  N,  A,  N],
  // Costs move the margin sellers are judged on: booked by finance.
  "cost.write":                       [A,  A,  N,  N,  N,  N,  N,  N,  A,  N],
  // A quota is held by its member (pass it as ownerId): each sees their own, supervisors their team's.
  "quota.read":                       [A,  A,  T,  O,  N,  O,  N,  N,  A,  N],
  "quota.write":                      [A,  A,  T,  N,  N,  N,  N,  N,  N,  N],
  "finance.read":                     [A,  A,  T,  O,  N,  O,  N,  N,  A,  N],
  // A report on an account follows that account; workspace-wide reports need `always`. Money in them follows finance.read.
  "report.read":                      [A,  A,  A,  A,  O,  O,  O,  O,  A,  A],
  // Everyone needs the pipelines, stages and calendars to work.
  "settings.read":                    [A,  A,  A,  A,  A,  A,  A,  A,  A,  A],
  "settings.write":                   [A,  N,  N,  N,  N,  N,  N,  N,  N,  N],
  "member.invite":                    [A,  A,  N,  N,  N,  N,  N,  N,  N,  N],
  "member.manage":                    [A,  N,  N,  N,  N,  N,  N,  N,  N,  N],
  "token.manage":                     [A,  N,  N,  N,  N,  N,  N,  N,  N,  N],
  "webhook.manage":                   [A,  N,  N,  N,  N,  N,  N,  N,  N,  N],
} as const satisfies Record<Action, Row>;

/** The rule of every role for every action: `PERMISSION_MATRIX[role][action]`. Frozen; walk it with ROLES × ACTIONS. */
export const PERMISSION_MATRIX: Readonly<Record<Role, Readonly<Record<Action, Rule>>>> = Object.freeze(
  Object.fromEntries(
    ROLES.map((role, column) => [
      role,
      Object.freeze(Object.fromEntries(ACTIONS.map((action) => [action, TABLE[action][column]]))),
    ]),
  ) as Record<Role, Record<Action, Rule>>,
);
