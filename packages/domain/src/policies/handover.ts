import { z } from "zod";
import { type AccountTeamMember, AccountTeamMemberSchema } from "../entities/account.ts";
import type { Contract } from "../entities/contract.ts";
import type { HandoverAssignee, HandoverSettings } from "../entities/settings.ts";
import { TaskSchema } from "../entities/task.ts";
import { addDays, type CalendarDate, CalendarDateSchema } from "../kernel/calendar-date.ts";
import { derivedId } from "../kernel/derived-id.ts";
import { type MemberId, MemberIdSchema, TaskIdSchema } from "../kernel/ids.ts";

// Handing a signed contract over to delivery: who joins the account team and which tasks are created, computed
// from the contract and the workspace's handover settings. The contract records the plan (`DeliveryHandedOver`,
// in its history) and its follow-ups carry it out: team members added to the account, tasks created.

export const HANDOVER_TASK_KINDS = ["kickoff", "onboarding"] as const;

/** One task the handover creates, with the id it is created under (derived: handing over twice makes no more). */
export const HandoverTaskSchema = z
  .strictObject({
    taskId: TaskIdSchema,
    kind: z.enum(HANDOVER_TASK_KINDS),
    title: TaskSchema.shape.title,
    assigneeId: MemberIdSchema,
    dueDate: CalendarDateSchema,
  })
  .meta({ id: "HandoverTask" });
export type HandoverTask = z.infer<typeof HandoverTaskSchema>;

/** What a handover does: the members who join the account team, and the tasks it creates. */
export const HandoverPlanSchema = z
  .strictObject({
    team: z.array(AccountTeamMemberSchema),
    tasks: z.array(HandoverTaskSchema),
  })
  .meta({ id: "HandoverPlan" });
export type HandoverPlan = z.infer<typeof HandoverPlanSchema>;

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** The towers' account managers, each once, in the towers' order. */
export function towerAccountManagers(contract: Pick<Contract, "towers">): MemberId[] {
  return unique(contract.towers.map((t) => t.accountManagerId));
}

/**
 * The handover of `contract` on `today`:
 * - team: the towers' account managers (role account_manager) and the named project managers (role
 *   project_manager), each once and never the owner, as the settings allow;
 * - kickoff tasks: each template once per member it names (the owner; each tower's account manager, naming
 *   their towers; each project manager) — a template for the towers' account managers makes no task on a contract
 *   without towers (there is no tower to start), one for project managers when none is named goes to the owner;
 * - the onboarding checklist: one task per item, for the owner.
 * Each task is due its template's days after `today`; its id is derived from the contract's and its place.
 */
export function handoverPlan(
  contract: Pick<Contract, "id" | "ownerId" | "towers" | "projectManagerIds">,
  settings: HandoverSettings,
  today: CalendarDate,
): HandoverPlan {
  const managers = towerAccountManagers(contract);
  const pms = unique(contract.projectManagerIds);
  const team: AccountTeamMember[] = [];
  const add = (memberId: MemberId, role: AccountTeamMember["role"]) => {
    if (memberId !== contract.ownerId && !team.some((m) => m.memberId === memberId))
      team.push({ memberId, role });
  };
  if (settings.addTowerAccountManagers) for (const m of managers) add(m, "account_manager");
  if (settings.addProjectManagers) for (const m of pms) add(m, "project_manager");

  const towersOf = (memberId: MemberId) =>
    contract.towers.filter((t) => t.accountManagerId === memberId).map((t) => t.name);
  const assignees = (who: HandoverAssignee): { id: MemberId; suffix: string }[] => {
    // A task about a tower's start is its account manager's: without towers there is none to start, and the owner
    // was given "plan your tower's start of service" for a contract that has no tower.
    if (who === "account_managers")
      return managers.map((id) => ({ id, suffix: ` (${towersOf(id).join(", ")})` }));
    const group = who === "project_managers" ? pms.map((id) => ({ id, suffix: "" })) : [];
    return group.length > 0 ? group : [{ id: contract.ownerId, suffix: "" }];
  };

  const tasks: HandoverTask[] = [];
  const push = (kind: HandoverTask["kind"], title: string, assigneeId: MemberId, days: number) =>
    tasks.push({
      taskId: TaskIdSchema.parse(derivedId(contract.id, "handover", String(tasks.length + 1))),
      kind,
      title: title.slice(0, 300),
      assigneeId,
      dueDate: addDays(today, days),
    });
  for (const t of settings.kickoffTasks)
    for (const a of assignees(t.assignee)) push("kickoff", `${t.title}${a.suffix}`, a.id, t.dueAfterDays);
  for (const item of settings.onboardingChecklist)
    push("onboarding", `Onboarding: ${item.title}`, contract.ownerId, item.dueAfterDays);
  return { team, tasks };
}
