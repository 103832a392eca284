import { describe, expect, it } from "vitest";
import { AGGREGATE_TYPES_UI, commandVariants } from "./aggregates.ts";
import { guardsSentence, guardWords, readsAsWords } from "./guard-words.ts";

describe("the checks a form names, in words", () => {
  const guards = AGGREGATE_TYPES_UI.flatMap((a) =>
    commandVariants(a).flatMap((v) => v.guards.map((g) => ({ at: `${a}.${v.type}`, guard: g }))),
  );

  it("words every guard of every machine the web shows (no refusal tag, no predicate name)", () => {
    expect(guards.length).toBeGreaterThan(100);
    const unworded = guards.filter(({ guard }) => !readsAsWords(guardWords(guard)));
    expect(unworded).toEqual([]);
  });

  it("knows a tag and a predicate name when it sees one", () => {
    expect(readsAsWords("DetailsRequired: the amount")).toBe(false);
    expect(readsAsWords("periodIsOrdered")).toBe(false);
    expect(readsAsWords("pending_approval")).toBe(false);
    expect(readsAsWords("a stage new deals may start in")).toBe(true);
  });

  it("opens the new-deal form with sentences, not the domain's tags", () => {
    const create = commandVariants("opportunity").find((v) => v.type === "CreateOpportunity");
    const sentence = guardsSentence(create?.guards ?? []);
    expect(sentence).toContain("an amount and a close date where the stage asks for them");
    expect(sentence).not.toContain("DetailsRequired");
    expect(guardsSentence([])).toBeNull();
  });
});
