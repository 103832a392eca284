// The whitespace of one account: each service line of the workspace bought, in pipeline or not offered, with the
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
      "Each service line of the workspace for one account: bought, in pipeline or not offered, with the revenue at stake (see the domain README's Whitespace).",
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
      seenLines: [...dealLines.flatMap((r) => (r.line ? [r.line] : [])), ...towerLines.map((r) => r.name)],
      deals: [...parseEach(OpportunitySchema, deals), ...others],
      contracts: parseEach(ContractSchema, contracts),
    },
    inCurrency(scope.settings, options),
  );
  if (!result.ok) return queryRefused(result.error);
  return queryOk(result.value);
}
