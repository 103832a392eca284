import type { AggregateType } from "@accountable/service";
import { describe, expect, it } from "vitest";
import { commandVariants, RESOURCES } from "./resources.ts";

// The creation commands and their id fields come from the domain's resource table (whose own test holds them equal
// to what each machine starts a stream with); here, each field it names must be one the command carries.
describe("the API's resource table", () => {
  it.each(Object.keys(RESOURCES) as AggregateType[])(
    "%s: each creation command carries the field the table says names its new record",
    (aggregate) => {
      const creates = RESOURCES[aggregate].creates;
      expect(Object.keys(creates).length).toBeGreaterThan(0);
      for (const [type, field] of Object.entries(creates)) {
        const variant = commandVariants(aggregate).find((v) => v.type === type);
        expect(variant, `${aggregate} has no command ${type}`).toBeDefined();
        expect(Object.keys(variant!.schema.shape)).toContain(field);
      }
    },
  );
});
