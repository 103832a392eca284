import { AGGREGATES, LIST_NAMES } from "@accountable/service";
import { describe, expect, it } from "vitest";
import { AGGREGATE_LISTS, AGGREGATE_NAMES } from "./aggregates.ts";

describe("the aggregates the CLI offers", () => {
  it("are the service's, every one", () => {
    expect([...AGGREGATE_NAMES].sort()).toEqual([...AGGREGATES].sort());
  });

  it("reach every list the service has", () => {
    const lists = Object.values(AGGREGATE_LISTS).filter((l) => l !== null);
    expect(lists.sort()).toEqual([...LIST_NAMES].sort());
  });
});
