// Why a page's masked amounts are masked, said once: every masked value shown (MoneyText) counts its reason here,
// and the layout's MaskedLegend says each reason once at the top of the page — unless the page says it itself
// (MaskedNotice). Kept apart from money-text.tsx, which reads the domain: the layout loads on every first visit,
// and the domain's schemas must not come with it (the first-load JS budget).
import { Text } from "@mantine/core";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from "react";

/** The reasons of the masked values a page shows, counted, and those the page explains itself (MaskedNotice). */
interface MaskedReasons {
  add(reason: string, explained: boolean): () => void;
}
const MaskedReasonsContext = createContext<MaskedReasons | null>(null);
const ShownReasonsContext = createContext<readonly string[]>([]);

/** Collects the reasons of the masked values shown inside it, for one MaskedLegend (the app's layout). */
export function MaskedReasonsProvider(props: { readonly children: ReactNode }) {
  const counts = useRef(new Map<string, { shown: number; explained: number }>());
  const [reasons, setReasons] = useState<readonly string[]>([]);
  const registry = useMemo<MaskedReasons>(() => {
    const publish = () => {
      // A reason whose why the page's own notice already gives is not said again at the top (a viewer's forecast
      // read "you may not see quotas: a viewer reads…" above "Amounts here are masked for you: A viewer reads…").
      const explained = new Set(
        [...counts.current]
          .filter(([, c]) => c.explained > 0)
          .flatMap(([reason]) => [reason, splitReason(reason).why ?? reason].map(sameWords)),
      );
      const next = [...counts.current]
        .filter(([, c]) => c.shown > 0 && c.explained === 0)
        .map(([reason]) => reason)
        .filter((reason) => !explained.has(sameWords(splitReason(reason).why ?? reason)));
      setReasons((prev) =>
        prev.length === next.length && prev.every((r, i) => r === next[i]) ? prev : next,
      );
    };
    return {
      add(reason, explained) {
        const c = counts.current.get(reason) ?? { shown: 0, explained: 0 };
        if (explained) c.explained += 1;
        else c.shown += 1;
        counts.current.set(reason, c);
        publish();
        return () => {
          if (explained) c.explained -= 1;
          else c.shown -= 1;
          publish();
        };
      },
    };
  }, []);
  return (
    <MaskedReasonsContext.Provider value={registry}>
      <ShownReasonsContext.Provider value={reasons}>{props.children}</ShownReasonsContext.Provider>
    </MaskedReasonsContext.Provider>
  );
}

/** A sentence compared with another: case and a final full stop aside. */
const sameWords = (s: string): string => s.trim().replace(/\.$/, "").toLowerCase();

/** Counts a masked value's reason as shown on the page (or explained by it) while the caller is mounted. */
export function useMaskedReason(reason: string | undefined, explained = false) {
  const registry = useContext(MaskedReasonsContext);
  useEffect(
    () => (registry && reason ? registry.add(reason, explained) : undefined),
    [registry, reason, explained],
  );
}

/** A refusal's sentence as "what may not be done: why" ("As an account executive you may not see amounts…: you neither own…"). */
export function splitReason(reason: string): { readonly what: string; readonly why: string | undefined } {
  const at = reason.indexOf(": ");
  return at < 0 ? { what: reason, why: undefined } : { what: reason.slice(0, at), why: reason.slice(at + 2) };
}

/**
 * The page's masking reasons said briefly: one sentence for each thing the member may not see ("As an account
 * executive you may not see amounts, margins and P&L"), with the shortest of its whys. An AE on another AE's
 * account read four near-identical sentences (the account's, its deals', its contracts', its P&L's); each
 * amount's own reason stays in its hover title. A record hidden whole covers its money hidden for the same why.
 */
export function maskedInBrief(reasons: readonly string[]): string[] {
  const byWhat = new Map<string, string[]>();
  for (const r of reasons) {
    const { what, why } = splitReason(r);
    byWhat.set(what, [...(byWhat.get(what) ?? []), ...(why === undefined ? [] : [why])]);
  }
  const brief = [...byWhat].map(([what, whys]) => ({
    what,
    why: [...whys].sort((a, b) => a.length - b.length)[0],
  }));
  // Two things hidden for one same why are one record hidden whole and its money ("you may not see quotas: the
  // quota belongs to another member" and "…amounts, margins and P&L: the quota belongs…", which read on the
  // forecast as if the forecast's money were a quota's): the record hidden says it, the shortest of the whats.
  const shortestFor = new Map<string, string>();
  for (const { what, why } of brief) {
    if (why === undefined) continue;
    const kept = shortestFor.get(why);
    if (kept === undefined || what.length < kept.length) shortestFor.set(why, what);
  }
  return brief
    .filter(({ what, why }) => why === undefined || shortestFor.get(why) === what)
    .map(({ what, why }) => (why === undefined ? what : `${what}: ${why}`));
}

/**
 * A reason as the page's legend says it: the domain's why is about one record ("the opportunity belongs to another
 * member…", "this brief is tied to…"), and the legend speaks for every masked amount on the page — an AE's board
 * of colleagues' deals read as if one deal were meant. It says "each masked deal belongs to another member…",
 * which holds for one record or many (a deal, not an "opportunity", as the app calls it everywhere else).
 */
export function forEachMasked(reason: string): string {
  const { what, why } = splitReason(reason);
  if (why === undefined) return reason;
  const each = why.replace(
    /^(?:the|this) ([a-z][a-z ]*?) (belongs|is|was) /,
    (_, noun: string, verb: string) => {
      const kind = noun === "opportunity" ? "deal" : noun;
      return `each masked ${kind} ${verb} `;
    },
  );
  return `${what}: ${each}`;
}

/**
 * Why the page's masked amounts are masked, said once (each distinct reason) at the top of the page; nothing when
 * no masked amount shows, or when the page says why itself (MaskedNotice).
 */
export function MaskedLegend() {
  const reasons = useContext(ShownReasonsContext);
  if (reasons.length === 0) return null;
  return (
    <Text size="sm" c="dimmed" mb="sm" role="note" data-testid="masked-legend">
      <LockGlyph />
      {`Amounts marked "masked" are hidden from you. ${maskedInBrief(reasons).map(forEachMasked).join(" ")}`}
    </Text>
  );
}

/**
 * A small padlock drawn in the text's colour: an emoji lock needs a colour-emoji font, which many Linux desktops
 * and servers' browsers lack (it showed as an empty box).
 */
export function LockGlyph() {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 16 16"
      width="0.85em"
      height="0.85em"
      style={{ verticalAlign: "-0.1em", marginRight: "0.25em" }}
    >
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}
