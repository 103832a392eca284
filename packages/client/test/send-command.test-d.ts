// The client's sendCommand is typed by the domain's command unions: a command of another aggregate, or one its
// machine does not have, does not compile. Checked by the package's typecheck (tsconfig.json includes test/).
import { describe, expectTypeOf, it } from "vitest";
import { type CommandAnswer, sendCommand, workspaceCommands } from "../src/commands.ts";
import type { AccountableClient } from "../src/index.ts";

declare const client: AccountableClient;
const commands = workspaceCommands(client, "ws");

describe("sendCommand", () => {
  it("takes the aggregate's own commands, as their schema's input", () => {
    void commands.sendCommand(
      "opportunity",
      "o1",
      { type: "MoveStage", stageId: "proposal" },
      { version: 3 },
    );
    void sendCommand(client, "ws", "quota", "q1", { type: "RetireQuota", reason: "left the team" });
    const answer = commands.sendCommand("quota", "q1", { type: "RetireQuota", reason: "gone" });
    expectTypeOf(answer).resolves.toHaveProperty("data").toEqualTypeOf<CommandAnswer<"quota"> | undefined>();
  });

  it("refuses another aggregate's command at compile time", () => {
    // @ts-expect-error a deal's move is not a quota's command
    void commands.sendCommand("quota", "q1", { type: "MoveStage", stageId: "proposal" });
    // @ts-expect-error no machine has this command
    void sendCommand(client, "ws", "opportunity", "o1", { type: "Teleport" });
    // @ts-expect-error a MoveStage names its stage
    void commands.sendCommand("opportunity", "o1", { type: "MoveStage" });
  });
});
