import { z } from "zod";
import type { Activity } from "../entities/activity.ts";
import { type Contract, ContractSchema, TowerSchema } from "../entities/contract.ts";
import type { Task } from "../entities/task.ts";

// What the client may read of the agency's records, for the client report (every format). The rule is the
// domain's so every adapter shows the client the same thing:
// - a note (an activity of kind `note`) reaches the client only when marked `client`; a call, e-mail or meeting
//   happened with the client, so it is listed, but its body (the team's note on it) only when marked `client`;
// - a task reaches the client only when it was agreed with them;
// - a contract reaches the client without the agency's cost of its towers (cost is the other half of the margin).

/** Whether the client may see this activity at all: an internal note stays with the team. */
export function isActivityForClient(activity: Pick<Activity, "kind" | "visibility">): boolean {
  return activity.kind !== "note" || activity.visibility === "client";
}

/** The activity as the client may read it, or null when it stays internal (see the module comment). */
export function clientViewOfActivity(activity: Activity): Activity | null {
  if (!isActivityForClient(activity)) return null;
  return activity.visibility === "client" ? activity : { ...activity, body: null };
}

/** Whether a task belongs in what the client reads: only one agreed with the client. */
export function isTaskForClient(task: Pick<Task, "agreedWithClient">): boolean {
  return task.agreedWithClient;
}

/** A tower of a contract as the client sees it: its value, never the agency's cost. */
export const ClientTowerSchema = TowerSchema.omit({ cost: true }).meta({
  id: "ClientTower",
  description: "A service line of a contract as the client sees it: its value, not the agency's cost.",
});
export type ClientTower = z.infer<typeof ClientTowerSchema>;

/** A contract as the client sees it: its towers without the agency's cost. */
export const ClientContractSchema = ContractSchema.extend({ towers: z.array(ClientTowerSchema) }).meta({
  id: "ClientContract",
  description: "A contract as the client sees it: its towers carry their value, not the agency's cost.",
});
export type ClientContract = z.infer<typeof ClientContractSchema>;

/** The contract as the client may read it (see ClientContractSchema). */
export function clientViewOfContract(contract: Contract): ClientContract {
  return { ...contract, towers: contract.towers.map(({ cost: _cost, ...tower }) => tower) };
}
