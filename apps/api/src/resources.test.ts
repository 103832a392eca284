import { type AggregateType, REGISTRY } from "@accountable/service";
import { describe, expect, it } from "vitest";
import { commandVariants, RESOURCES } from "./resources.ts";

/** Asks the service's `createdId` about a command of this type, noting which field it reads the new id from. */
function creationField(aggregate: AggregateType, type: string): string | undefined {
  let read: string | undefined;
  const probe = new Proxy(
    { type },
    {
      get(target, key) {
        if (key === "type") return target.type;
        read = String(key);
        return "probe-id";
      },
    },
  );
  const id = (REGISTRY[aggregate] as { createdId(c: unknown): string | undefined }).createdId(probe);
  return id === undefined ? undefined : read;
}

describe("the API's resource table", () => {
  it.each(Object.keys(RESOURCES) as AggregateType[])(
    "%s: lists exactly the commands the service creates with, and the field each names its id in",
    (aggregate) => {
      const creates = RESOURCES[aggregate].creates as Readonly<Record<string, string>>;
      for (const { type } of commandVariants(aggregate))
        expect([type, creationField(aggregate, type)]).toEqual([type, creates[type]]);
    },
  );
});
