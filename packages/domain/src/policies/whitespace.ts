import { BINDING_CONTRACT_STATUSES, type Contract } from "../entities/contract.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import { serviceLineKey } from "../entities/service-line.ts";
import { type CurrencyMismatch, type Money, percentOf } from "../kernel/money.ts";
import { err, ok, type Result } from "../kernel/result.ts";
import { type InCurrency, toReportCurrency, total } from "./in-currency.ts";

// Whitespace: for each of the workspace's service lines (its declared catalog, and any other line a deal or a
// tower names), whether an account buys it, is being offered it, or has
// never been offered it, and the revenue at stake in each (see the README's "Whitespace"). Pure: the service
// hands in the workspace's deals and contracts; every amount is brought into the report's currency one item at a
// time (half-even) and every total is the exact sum of those items.

/** Where an account stands on one service line. */
export const WHITESPACE_STATES = ["bought", "in_pipeline", "not_offered"] as const;
export type WhitespaceState = (typeof WHITESPACE_STATES)[number];

/** The parts of a deal the matrix reads. */
export type WhitespaceDeal = Pick<
  Opportunity,
  "id" | "accountId" | "status" | "amount" | "serviceLine" | "contractId" | "probability"
>;
/** The parts of a contract the matrix reads. */
export type WhitespaceContract = Pick<
  Contract,
  "id" | "accountId" | "status" | "value" | "opportunityId" | "towers"
>;

export interface WhitespaceFacts {
  readonly accountId: string;
  /**
   * The workspace's catalog of service lines (its settings' `serviceLines`), in its order: each is a row even if
   * nothing was ever sold in it. Lines seen on deals and towers but missing from it are rows too, said so.
   */
  readonly declaredLines?: readonly string[];
  /** Line names seen elsewhere in the workspace (other accounts' deals and towers) that `deals` may not carry. */
  readonly seenLines?: readonly string[];
  /**
   * The account's deals, and the workspace's won deals (of any account): the account's place it on lines, the
   * won ones of every account give the estimates of the lines it was never offered.
   */
  readonly deals: readonly WhitespaceDeal[];
  /** The account's contracts (others' are ignored but for their towers' names). */
  readonly contracts: readonly WhitespaceContract[];
}

/** One service line for the account. */
export interface WhitespaceLine {
  /** The line's name as the workspace writes it. */
  readonly line: string;
  /** Whether the workspace's catalog declares the line; false: seen only on deals or towers. */
  readonly inCatalog: boolean;
  readonly state: WhitespaceState;
  /** Revenue the account brings in the line: live contracts' value for it, plus won deals not counted there. */
  readonly bought: Money;
  /** Open deals' amounts in the line, and the same weighted by their probability. */
  readonly pipeline: Money;
  readonly weighted: Money;
  /** For a line never offered: the workspace's median won deal in the line; null when it never won one. */
  readonly estimate: Money | null;
  /** How many won deals of the line, across the workspace, the estimate is the median of. */
  readonly estimateBasis: number;
  /** The revenue at stake: bought's for a bought line, the open amount in pipeline, the estimate not offered. */
  readonly atStake: Money;
  /** The account's deals and contracts that put the line in its state. */
  readonly dealIds: readonly string[];
  readonly contractIds: readonly string[];
  /** Why it is in its state, in a sentence. */
  readonly reason: string;
}

export interface WhitespaceTotals {
  readonly bought: Money;
  readonly pipeline: Money;
  readonly weighted: Money;
  readonly notOffered: Money;
}

export interface Whitespace {
  readonly accountId: string;
  readonly currency: InCurrency["currency"];
  /** Every line of the workspace: the catalog's in its order, then the others by name. */
  readonly lines: readonly WhitespaceLine[];
  /** How many lines the catalog declares (0: none declared, so only lines seen on deals and towers show). */
  readonly catalogSize: number;
  /** Lines named on deals or towers that the catalog lacks, in the order of `lines`. */
  readonly notInCatalog: readonly string[];
  /** The sums of `atStake` by state, and of the weighted pipeline. */
  readonly totals: WhitespaceTotals;
  /** The account's deals that name no service line, so a reader knows what the matrix cannot place. */
  readonly unplaced: { readonly open: number; readonly won: number };
}

const BINDING = new Set<string>(BINDING_CONTRACT_STATUSES);

/**
 * Every service line of the workspace by key, with the name shown: the catalog's lines first, in its order and
 * spelling, then the lines seen on deals and towers that it lacks, by name (the smallest spelling seen).
 */
export function workspaceServiceLines(
  facts: Pick<WhitespaceFacts, "declaredLines" | "seenLines" | "deals" | "contracts">,
): Map<string, string> {
  const declared = new Map<string, string>();
  for (const l of facts.declaredLines ?? []) {
    const key = serviceLineKey(l);
    if (l.trim() !== "" && !declared.has(key)) declared.set(key, l.trim());
  }
  const seen = new Map<string, string>();
  const add = (name: string | null | undefined) => {
    if (!name || name.trim() === "") return;
    const key = serviceLineKey(name);
    if (declared.has(key)) return;
    const current = seen.get(key);
    if (current === undefined || name.trim() < current) seen.set(key, name.trim());
  };
  for (const d of facts.deals) add(d.serviceLine);
  for (const c of facts.contracts) for (const t of c.towers) add(t.name);
  for (const l of facts.seenLines ?? []) add(l);
  const others = [...seen].sort((a, b) => (a[1].toLowerCase() < b[1].toLowerCase() ? -1 : 1));
  return new Map([...declared, ...others]);
}

/** Carries a missing rate out of the nested loops to `whitespace`, which returns it as a refusal. */
class NoRate {
  constructor(readonly mismatch: CurrencyMismatch) {}
}

/** The lower median: the middle amount, or the lower of the two middle ones (no rounding, so no unit invented). */
function lowerMedian(sorted: readonly Money[]): Money | null {
  return sorted.length === 0 ? null : (sorted[Math.floor((sorted.length - 1) / 2)] ?? null);
}

/**
 * The account's whitespace matrix: each service line of the workspace in exactly one state, with the revenue at
 * stake, in the report's currency. A missing exchange rate is a refusal, never a skipped amount.
 */
export function whitespace(facts: WhitespaceFacts, target: InCurrency): Result<Whitespace, CurrencyMismatch> {
  const lines = workspaceServiceLines(facts);
  const catalog = new Set((facts.declaredLines ?? []).filter((l) => l.trim() !== "").map(serviceLineKey));
  const c = target.currency;
  const conv = (m: Money): Money => {
    const r = toReportCurrency(m, target);
    if (!r.ok) throw new NoRate(r.error);
    return r.value;
  };
  // A deal with no amount yet adds nothing (never a guess), as in the forecast.
  const convOrZero = (m: Money | null): Money => (m === null ? total(c, []) : conv(m));
  try {
    const dealsById = new Map(facts.deals.map((d) => [d.id, d]));
    // Won deals across the workspace, by line: the estimate of a line never offered.
    const wonByLine = new Map<string, Money[]>();
    for (const d of facts.deals)
      if (d.status === "won" && d.serviceLine && d.amount) {
        const key = serviceLineKey(d.serviceLine);
        wonByLine.set(key, [...(wonByLine.get(key) ?? []), conv(d.amount)]);
      }

    // Live contracts of the account: each tower covers its line; a contract without towers covers its deal's line.
    const contractRevenue = new Map<string, { amounts: Money[]; ids: string[] }>();
    const counted = new Set<string>(); // `${contractId}|${lineKey}` already counted through a contract
    for (const k of facts.contracts) {
      if (k.accountId !== facts.accountId || !BINDING.has(k.status)) continue;
      const covers: [string, Money][] =
        k.towers.length > 0
          ? k.towers.map((t) => [serviceLineKey(t.name), t.value])
          : (() => {
              const line = k.opportunityId ? dealsById.get(k.opportunityId)?.serviceLine : null;
              return line ? [[serviceLineKey(line), k.value] as [string, Money]] : [];
            })();
      for (const [key, value] of covers) {
        const entry = contractRevenue.get(key) ?? { amounts: [], ids: [] };
        entry.amounts.push(conv(value));
        if (!entry.ids.includes(k.id)) entry.ids.push(k.id);
        contractRevenue.set(key, entry);
        counted.add(`${k.id}|${key}`);
      }
    }

    const mine = facts.deals.filter((d) => d.accountId === facts.accountId);
    const unplaced = {
      open: mine.filter((d) => d.status === "open" && !d.serviceLine).length,
      won: mine.filter((d) => d.status === "won" && !d.serviceLine).length,
    };
    const liveContractOf = (d: WhitespaceDeal): string | undefined => {
      const linked = d.contractId ?? facts.contracts.find((k) => k.opportunityId === d.id)?.id;
      return linked ?? undefined;
    };

    const out: WhitespaceLine[] = [];
    for (const [key, line] of lines) {
      const inLine = mine.filter((d) => d.serviceLine && serviceLineKey(d.serviceLine) === key);
      const won = inLine.filter((d) => d.status === "won");
      const open = inLine.filter((d) => d.status === "open");
      const contracts = contractRevenue.get(key);
      // A won deal whose live contract already counts this line adds nothing more: the same revenue, once.
      const wonNotCounted = won.filter((d) => {
        const k = liveContractOf(d);
        return k === undefined || !counted.has(`${k}|${key}`);
      });
      const bought = total(c, [
        ...(contracts?.amounts ?? []),
        ...wonNotCounted.map((d) => convOrZero(d.amount)),
      ]);
      const pipeline = total(
        c,
        open.map((d) => convOrZero(d.amount)),
      );
      // Weighted as the forecast weighs an open deal: its amount × its probability, half-even, then converted.
      const weighted = total(
        c,
        open.map((d) => convOrZero(d.amount && percentOf(d.amount, d.probability, "half_even"))),
      );
      const sample = [...(wonByLine.get(key) ?? [])].sort((a, b) => a.amount - b.amount);
      const median = lowerMedian(sample);
      const isBought = won.length > 0 || contracts !== undefined;
      const state: WhitespaceState = isBought ? "bought" : open.length > 0 ? "in_pipeline" : "not_offered";
      const zero = total(c, []);
      const lost = inLine.filter((d) => d.status === "lost").length;
      out.push({
        line,
        inCatalog: catalog.has(key),
        state,
        bought,
        pipeline,
        weighted,
        estimate: state === "not_offered" ? median : null,
        estimateBasis: sample.length,
        atStake: state === "bought" ? bought : state === "in_pipeline" ? pipeline : (median ?? zero),
        dealIds: (state === "bought" ? won : state === "in_pipeline" ? open : []).map((d) => d.id),
        contractIds: state === "bought" ? (contracts?.ids ?? []) : [],
        reason:
          state === "bought"
            ? [
                contracts
                  ? contracts.ids.length === 1
                    ? "1 live contract covers it"
                    : `${contracts.ids.length} live contracts cover it`
                  : "",
                won.length > 0 ? `${won.length} deal${won.length === 1 ? "" : "s"} won` : "",
              ]
                .filter(Boolean)
                .join("; ") + (open.length > 0 ? `; ${open.length} more open` : "")
            : state === "in_pipeline"
              ? `${open.length} open deal${open.length === 1 ? "" : "s"}, nothing bought yet`
              : `${lost > 0 ? `${lost} deal${lost === 1 ? "" : "s"} lost, none open` : "Never offered"}; ${
                  median
                    ? `estimate: the median of ${sample.length} won deal${sample.length === 1 ? "" : "s"} in the line`
                    : "no estimate: the line was never won anywhere"
                }`,
      });
    }
    const sumOf = (s: WhitespaceState) =>
      total(
        c,
        out.filter((l) => l.state === s).map((l) => l.atStake),
      );
    return ok({
      accountId: facts.accountId,
      currency: c,
      lines: out,
      catalogSize: catalog.size,
      notInCatalog: out.filter((l) => !l.inCatalog).map((l) => l.line),
      totals: {
        bought: sumOf("bought"),
        pipeline: sumOf("in_pipeline"),
        weighted: total(
          c,
          out.filter((l) => l.state === "in_pipeline").map((l) => l.weighted),
        ),
        notOffered: sumOf("not_offered"),
      },
      unplaced,
    });
  } catch (e) {
    if (e instanceof NoRate) return err(e.mismatch);
    throw e;
  }
}
