// The service's seam is typed by the domain's command unions: a command another aggregate's machine owns does not
// compile, from a request literal to `execute`. Checked by the package's typecheck (tsconfig.dev.json).
import type { OpportunityCommand, QuotaCommand } from "@accountable/domain";
import { describe, expectTypeOf, it } from "vitest";
import type { CommandRequest, Service } from "../src/index.ts";

declare const moveStage: Extract<OpportunityCommand, { type: "MoveStage" }>;
declare const retireQuota: Extract<QuotaCommand, { type: "RetireQuota" }>;
declare const service: Service;

describe("CommandRequest", () => {
  it("carries the aggregate's own command", () => {
    expectTypeOf<CommandRequest<"opportunity">["command"]>().toEqualTypeOf<OpportunityCommand>();
    expectTypeOf<CommandRequest<"quota">["command"]>().toEqualTypeOf<QuotaCommand>();
    const ok: CommandRequest<"opportunity"> = { aggregate: "opportunity", id: "o1", command: moveStage };
    expectTypeOf(ok).toExtend<CommandRequest>();
  });

  it("refuses another aggregate's command at compile time", () => {
    // @ts-expect-error a deal's move is not a quota's command
    const wrong: CommandRequest<"quota"> = { aggregate: "quota", id: "q1", command: moveStage };
    const alsoWrong: CommandRequest<"opportunity"> = {
      aggregate: "opportunity",
      id: "o1",
      // @ts-expect-error nor is a quota's retirement a deal's
      command: retireQuota,
    };
    void wrong;
    void alsoWrong;
  });

  it("is what execute takes, so a wrong pair does not reach the service", () => {
    void service.execute("ws", { aggregate: "quota", id: "q1", command: retireQuota }, "m1");
    // @ts-expect-error the quota's command sent to a deal
    void service.execute("ws", { aggregate: "opportunity", id: "o1", command: retireQuota }, "m1");
    // @ts-expect-error a command no machine has
    void service.execute("ws", { aggregate: "opportunity", id: "o1", command: { type: "Teleport" } }, "m1");
  });
});
