// Account health across the workspace: the domain's account-health policy applied to every account (or a
// chosen few), worst first, each with the factors behind its score. The accounts are read a page at a time and
// only the records the policy looks at are loaded for each page, so the report stays bounded on a large
// workspace.
import {
  AccountIdSchema,
  AccountSchema,
  AccountStatusSchema,
  ActivitySchema,
  accountHealth,
  ContactSchema,
  ContractSchema,
  CurrencySchema,
  EscalationSchema,
  HEALTH_BANDS,
  HEALTH_CONTRACT_STATUSES,
  InvoiceSchema,
  LIVE_ESCALATION_STATUSES,
  MemberIdSchema,
  OpportunitySchema,
  type Timestamp,
  TimestampSchema,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { asc, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../refusals.ts";
import { listDataWhereIn, type Scope, selectRows } from "../scope.ts";
import { inCurrency, nowShape, oneOrMany, reportCurrencyShape } from "./options.ts";
import { parseEach } from "./read.ts";
import { AccountHealthSchema, readonlyArray } from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const AccountHealthOptionsSchema = z.strictObject({
  /** Only these accounts; every account when absent. */
  accountId: oneOrMany(AccountIdSchema, 500),
  ownerId: oneOrMany(MemberIdSchema, 500),
  /** Only accounts in these statuses; every status but archived and churned when absent. */
  status: oneOrMany(AccountStatusSchema),
  /** Only accounts whose score falls in these bands. */
  band: oneOrMany(z.enum(HEALTH_BANDS)),
  ...nowShape,
  ...reportCurrencyShape,
});
export type AccountHealthOptions = z.input<typeof AccountHealthOptionsSchema>;

/** One account and its health. */
export const AccountHealthLineSchema = z
  .object({
    account: AccountSchema.pick({ id: true, name: true, status: true, ownerId: true }),
    health: AccountHealthSchema,
  })
  .meta({ id: "AccountHealthLine" });
export type AccountHealthLine = z.output<typeof AccountHealthLineSchema>;

export const AccountHealthReportSchema = z
  .object({
    now: TimestampSchema,
    /** The currency overdue invoices are totalled in. */
    currency: CurrencySchema,
    /** Lowest score first, then by account name. */
    accounts: readonlyArray(AccountHealthLineSchema),
  })
  .meta({
    id: "AccountHealthReport",
    description:
      "The health of the workspace's accounts, worst first, each with the factors behind its score.",
  });
export type AccountHealthReport = z.output<typeof AccountHealthReportSchema>;

const PAGE = 200;
const ACTIVE_STATUSES = AccountStatusSchema.options.filter((s) => s !== "archived" && s !== "churned");

/** The health of the workspace's accounts (see {@link AccountHealthReport}); NotFound for an unknown account asked for. */
export async function accountHealthReport(
  scope: Scope,
  options: z.output<typeof AccountHealthOptionsSchema> & { readonly now: Timestamp },
): Promise<QueryResult<AccountHealthReport>> {
  const { now } = options;
  const target = inCurrency(scope.settings, options);
  const a = schema.accounts;
  const lines: AccountHealthLine[] = [];
  const seen = new Set<string>();
  let afterId: string | undefined;
  for (;;) {
    const accounts = parseEach(
      AccountSchema,
      await selectRows(
        scope,
        a,
        { data: a.data },
        {
          where: [
            afterId === undefined ? undefined : gt(a.id, afterId),
            options.accountId === undefined ? undefined : inArray(a.id, options.accountId),
            options.ownerId === undefined ? undefined : inArray(a.ownerId, options.ownerId),
            // Asking for accounts by id means those accounts, whatever their status.
            options.status === undefined && options.accountId !== undefined
              ? undefined
              : inArray(a.status, options.status ?? ACTIVE_STATUSES),
          ],
          orderBy: [asc(a.id)],
          limit: PAGE,
        },
      ),
    );
    if (accounts.length === 0) break;
    afterId = accounts[accounts.length - 1]!.id;
    const ids = accounts.map((x) => x.id);
    for (const id of ids) seen.add(id);
    const input = await healthInputs(scope, ids);
    for (const account of accounts) {
      const health = accountHealth(
        { accountId: account.id, ...input },
        { now, settings: scope.settings, ...target },
      );
      if (!health.ok) return queryRefused(health.error);
      if (options.band !== undefined && !options.band.includes(health.value.band)) continue;
      const { id, name, status, ownerId } = account;
      lines.push({ account: { id, name, status, ownerId }, health: health.value });
    }
    if (accounts.length < PAGE) break;
  }
  const missing = options.accountId?.find((id) => !seen.has(id));
  if (missing !== undefined) return queryRefused(notFound("account", missing));
  lines.sort(
    (x, y) =>
      x.health.score - y.health.score ||
      (x.account.name < y.account.name ? -1 : x.account.name > y.account.name ? 1 : 0),
  );
  return queryOk({ now, currency: target.currency, accounts: lines });
}

/**
 * What the health policy reads for a page of accounts: their completed activities, contacts, live escalations,
 * outstanding invoices, contracts (binding ones, and ended ones that may have lapsed: the policy decides) and
 * lost renewal deals. The filters only leave out records that cannot change a score; the policy decides the rest.
 */
async function healthInputs(scope: Scope, accountIds: readonly string[]) {
  const t = schema;
  const [activities, contacts, escalations, invoices, contracts, opportunities] = [
    await selectRows(
      scope,
      t.activities,
      { data: t.activities.data },
      { where: [inArray(t.activities.accountId, [...accountIds]), eq(t.activities.status, "done")] },
    ).then((rows) => parseEach(ActivitySchema, rows)),
    await listDataWhereIn(scope, t.contacts, t.contacts.accountId, accountIds).then((ds) =>
      ds.map((d) => ContactSchema.parse(d)),
    ),
    await selectRows(
      scope,
      t.escalations,
      { data: t.escalations.data },
      {
        where: [
          inArray(t.escalations.accountId, [...accountIds]),
          inArray(t.escalations.status, [...LIVE_ESCALATION_STATUSES]),
        ],
      },
    ).then((rows) => parseEach(EscalationSchema, rows)),
    await selectRows(
      scope,
      t.invoices,
      { data: t.invoices.data },
      {
        where: [
          inArray(t.invoices.accountId, [...accountIds]),
          inArray(t.invoices.status, ["issued", "overdue"]),
        ],
      },
    ).then((rows) => parseEach(InvoiceSchema, rows)),
    await selectRows(
      scope,
      t.contracts,
      { data: t.contracts.data },
      {
        where: [
          inArray(t.contracts.accountId, [...accountIds]),
          inArray(t.contracts.status, [...HEALTH_CONTRACT_STATUSES]),
        ],
      },
    ).then((rows) => parseEach(ContractSchema, rows)),
    await selectRows(
      scope,
      t.opportunities,
      { data: t.opportunities.data },
      {
        where: [
          inArray(t.opportunities.accountId, [...accountIds]),
          eq(t.opportunities.type, "renewal"),
          eq(t.opportunities.status, "lost"),
        ],
      },
    ).then((rows) => parseEach(OpportunitySchema, rows)),
  ];
  return { activities, contacts, escalations, invoices, contracts, opportunities };
}
