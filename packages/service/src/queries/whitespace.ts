// The whitespace of one account: each service line of the workspace (its catalog, then any other line seen) bought, in pipeline or not offered, with the
// revenue at stake (the domain's `whitespace`). Reads the account's deals and contracts whole, and of the rest of
// the workspace only what the matrix needs: the won deals that carry a line (for the estimates, a few columns
// each) and the names of the lines seen on other deals and towers.
import {
  AccountIdSchema,
  asId,
  ContractSchema,
  type Currency,
  CurrencySchema,
  MoneySchema,
  money,
  OpportunitySchema,
  WHITESPACE_STATES,
  type WhitespaceDeal,
  whitespace,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { eq, isNotNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../refusals.ts";
import { findData, type Scope, selectRows } from "../scope.ts";
import { inCurrency, reportCurrencyShape } from "./options.ts";
import { parseEach } from "./read.ts";
import { readonlyArray } from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const WhitespaceOptionsSchema = z.strictObject({
  accountId: AccountIdSchema,
  ...reportCurrencyShape,
});
export type WhitespaceOptions = z.input<typeof WhitespaceOptionsSchema>;

export const WhitespaceLineSchema = z
  .object({
    line: z.string(),
    inCatalog: z.boolean().meta({
      description:
        "Whether the workspace's catalog of service lines declares it; false: seen only on deals or towers.",
    }),
    state: z.enum(WHITESPACE_STATES),
    bought: MoneySchema,
    pipeline: MoneySchema,
    weighted: MoneySchema,
    estimate: MoneySchema.nullable(),
    estimateBasis: z.number().int(),
    atStake: MoneySchema,
    dealIds: readonlyArray(z.string()),
    contractIds: readonlyArray(z.string()),
    reason: z.string(),
  })
  .meta({
    id: "WhitespaceLine",
    description: "One service line for the account: its state and the revenue at stake.",
  });

export const WhitespaceReportSchema = z
  .object({
    accountId: z.string(),
    currency: CurrencySchema,
    lines: readonlyArray(WhitespaceLineSchema),
    catalogSize: z.number().int().meta({
      description:
        "How many lines the workspace's catalog declares (0: none, so only lines seen on deals and towers show).",
    }),
    notInCatalog: readonlyArray(z.string()).meta({
      description: "Lines named on deals or towers that the catalog lacks.",
    }),
    totals: z.object({
      bought: MoneySchema,
      pipeline: MoneySchema,
      weighted: MoneySchema,
      notOffered: MoneySchema,
    }),
    unplaced: z.object({ open: z.number().int(), won: z.number().int() }),
  })
  .meta({
    id: "WhitespaceReport",
    description:
      "Each service line of the workspace (its catalog first, then lines seen on deals and towers that it lacks) for one account: bought, in pipeline or not offered, with the revenue at stake (see the domain README's Whitespace).",
  });
export type WhitespaceReport = z.output<typeof WhitespaceReportSchema>;

/** The account's whitespace matrix in the report's currency (the workspace's by default). */
export async function whitespaceReport(
  scope: Scope,
  options: z.output<typeof WhitespaceOptionsSchema>,
): Promise<QueryResult<WhitespaceReport>> {
  const { accountId } = options;
  if ((await findData(scope, schema.accounts, accountId)) === undefined)
    return queryRefused(notFound("account", accountId));
  const o = schema.opportunities;
  const c = schema.contracts;
  const t = schema.towers;
  const line = sql<string | null>`${o.data}->>'serviceLine'`;
  const [deals, contracts, wonElsewhere, dealLines, towerLines] = await Promise.all([
    selectRows(scope, o, { data: o.data }, { where: [eq(o.accountId, accountId)] }),
    selectRows(scope, c, { data: c.data }, { where: [eq(c.accountId, accountId)] }),
    // Other accounts' won deals in a line: the estimates' sample, a few columns each.
    selectRows(
      scope,
      o,
      { id: o.id, accountId: o.accountId, amount: o.amountMinor, currency: o.currency, line },
      { where: [eq(o.status, "won"), ne(o.accountId, accountId), isNotNull(line)] },
    ),
    selectRows(scope, o, { line }, { where: [isNotNull(line)], groupBy: [line] }),
    selectRows(scope, t, { name: t.name }, { groupBy: [t.name] }),
  ]);
  const others: WhitespaceDeal[] = wonElsewhere.map((d) => ({
    id: asId.opportunity(d.id),
    accountId: asId.account(d.accountId),
    status: "won",
    amount: money(d.amount, d.currency as Currency),
    serviceLine: d.line,
    contractId: null,
    probability: 100,
  }));
  const result = whitespace(
    {
      accountId,
      declaredLines: scope.settings.serviceLines,
      seenLines: [...dealLines.flatMap((r) => (r.line ? [r.line] : [])), ...towerLines.map((r) => r.name)],
      deals: [...parseEach(OpportunitySchema, deals), ...others],
      contracts: parseEach(ContractSchema, contracts),
    },
    inCurrency(scope.settings, options),
  );
  if (!result.ok) return queryRefused(result.error);
  return queryOk(result.value);
}
