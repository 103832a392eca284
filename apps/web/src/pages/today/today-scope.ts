// Whom Today shows by default: those who oversee others' work see the whole team, everyone else their own — except
// a member who may not act even on work of their own (a viewer, by the domain's `can`): they hold nothing, so
// "Only mine" would leave every section empty.
import type { MemberId, Role } from "@accountable/domain";
import { permissionFor } from "../../commands/record-commands.ts";

/** Roles that oversee others' work see the whole team by default. */
const OVERSEERS = new Set<string>(["admin", "director", "supervisor"]);

export function onlyMineByDefault(member: { readonly role: string; readonly memberId: string } | undefined) {
  if (!member) return true;
  if (OVERSEERS.has(member.role)) return false;
  const asker = {
    actor: { role: member.role as Role, memberId: member.memberId as MemberId },
    reportsOf: [],
    account: null,
  };
  return permissionFor("task", "CompleteTask", { assigneeId: member.memberId }, asker).allowed;
}
