import { match } from "ts-pattern";
import { z } from "zod";
import { MEMBER_STATUSES, type Member, MemberSchema, RoleSchema } from "../entities/member.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { MemberIdSchema } from "../kernel/ids.ts";
import {
  assertNew,
  checkMove,
  type Decision,
  existingRecord,
  type GuardedTable,
  type GuardSet,
  type Machine,
} from "../kernel/machine.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { eventSchema } from "./event-schema.ts";

export type MemberState = { readonly status: "none" } | Member;
export type MemberStatusOrNone = MemberState["status"];

const field = MemberSchema.shape;
const Manager = MemberIdSchema.nullable();

/** Every command a member accepts, as adapters parse it from user input. */
export const MemberCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("AddMember"),
    memberId: MemberIdSchema,
    name: field.name,
    email: field.email,
    role: RoleSchema,
    reportsTo: Manager.default(null),
  }),
  z.strictObject({ type: z.literal("ChangeRole"), role: RoleSchema }),
  /** `null`: reports to no one. Cycles (A → B → A) span several members: the service checks them. */
  z.strictObject({ type: z.literal("ChangeManager"), reportsTo: Manager }),
  z.strictObject({ type: z.literal("RenameMember"), name: field.name }),
  /** A new sign-in e-mail (a member an import made from an owner's name has a placeholder one). */
  z.strictObject({ type: z.literal("ChangeEmail"), email: field.email }),
  z.strictObject({ type: z.literal("Deactivate") }),
  z.strictObject({ type: z.literal("Reactivate") }),
]);
/** A command as `decide` receives it: parsed, defaults applied. */
export type MemberCommand = z.infer<typeof MemberCommandSchema>;

/** Everything that can happen to a member; the store parses each event it reads back with this schema. */
export const MemberEventSchema = z.discriminatedUnion("type", [
  eventSchema("MemberAdded", {
    memberId: MemberIdSchema,
    name: field.name,
    email: field.email,
    role: RoleSchema,
    reportsTo: Manager,
  }),
  eventSchema("MemberRoleChanged", { role: RoleSchema }),
  eventSchema("MemberManagerChanged", { reportsTo: Manager }),
  eventSchema("MemberRenamed", { name: field.name }),
  eventSchema("MemberEmailChanged", { email: field.email }),
  eventSchema("MemberDeactivated"),
  eventSchema("MemberReactivated"),
]);
export type MemberEvent = z.infer<typeof MemberEventSchema>;

const known = ["active", "deactivated"] as const;
type Guards = GuardSet<MemberState, MemberCommand, DecisionContext>;

const memberOf = (state: MemberState): Member | undefined => (state.status === "none" ? undefined : state);

/** The named checks of the member's table. */
export const memberGuards = {
  notTheirOwnManager: {
    words: "a manager other than the member themselves",
    check: (state, command) => {
      const id = command.type === "AddMember" ? command.memberId : memberOf(state)?.id;
      return (command.type === "AddMember" || command.type === "ChangeManager") && command.reportsTo === id
        ? refuse.invalidInput("reportsTo", "A member cannot report to themselves.")
        : undefined;
    },
  },
  // Only admins manage members: refusing their own role change means the last admin cannot lock everyone out,
  // and no one promotes themselves.
  notByThemselves: {
    words: "not by the member themselves",
    check: (state, command, ctx) =>
      memberOf(state)?.id === ctx.actor.memberId
        ? refuse.notPermitted(
            "member.manage",
            ctx.actor.role,
            "ask another admin to do it",
            command.type === "ChangeRole" ? "change your own role" : "deactivate yourself",
          )
        : undefined,
  },
  aDifferentRole: {
    words: "a different role",
    check: (state, command) => {
      const member = memberOf(state);
      return command.type === "ChangeRole" && member && command.role === member.role
        ? refuse.invalidInput("role", `${member.name} already acts as ${command.role}.`)
        : undefined;
    },
  },
  aDifferentManager: {
    words: "a different manager",
    check: (state, command) => {
      const member = memberOf(state);
      return command.type === "ChangeManager" && member && command.reportsTo === member.reportsTo
        ? refuse.invalidInput("reportsTo", `${member.name} already reports there.`)
        : undefined;
    },
  },
  aDifferentName: {
    words: "a different name",
    check: (state, command) =>
      command.type === "RenameMember" && command.name === memberOf(state)?.name
        ? refuse.invalidInput("name", "That is already the member's name.")
        : undefined,
  },
  aDifferentEmail: {
    words: "a different e-mail",
    check: (state, command) =>
      command.type === "ChangeEmail" && command.email.toLowerCase() === memberOf(state)?.email.toLowerCase()
        ? refuse.invalidInput("email", "That is already the member's e-mail.")
        : undefined,
  },
} as const satisfies Guards;

/** The name of one of the member machine's guards. */
export type MemberGuard = keyof typeof memberGuards;

export const memberTable = {
  AddMember: {
    command: "AddMember",
    label: "add",
    from: ["none"],
    to: ["active"],
    guards: ["notTheirOwnManager"],
  },
  ChangeRole: {
    command: "ChangeRole",
    label: "change the role",
    from: ["active"],
    to: ["active"],
    guards: ["notByThemselves", "aDifferentRole"],
  },
  ChangeManager: {
    command: "ChangeManager",
    label: "change the manager",
    from: ["active"],
    to: ["active"],
    guards: ["notTheirOwnManager", "aDifferentManager"],
  },
  RenameMember: {
    command: "RenameMember",
    label: "rename",
    from: known,
    to: known,
    guards: ["aDifferentName"],
  },
  ChangeEmail: {
    command: "ChangeEmail",
    label: "change the e-mail",
    from: known,
    to: known,
    guards: ["aDifferentEmail"],
  },
  Deactivate: {
    command: "Deactivate",
    label: "deactivate",
    from: ["active"],
    to: ["deactivated"],
    guards: ["notByThemselves"],
  },
  Reactivate: {
    command: "Reactivate",
    label: "reactivate",
    from: ["deactivated"],
    to: ["active"],
    guards: [],
  },
} as const satisfies GuardedTable<MemberStatusOrNone, MemberCommand["type"], MemberGuard>;

function decide(state: MemberState, command: MemberCommand, ctx: DecisionContext): Decision<MemberEvent> {
  const refused = checkMove("member", memberTable, memberGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<MemberEvent>>()
    .with({ type: "AddMember" }, (c) =>
      ok([
        {
          type: "MemberAdded",
          at,
          memberId: c.memberId,
          name: c.name,
          email: c.email,
          role: c.role,
          reportsTo: c.reportsTo,
        },
      ]),
    )
    .with({ type: "ChangeRole" }, (c) => ok([{ type: "MemberRoleChanged", at, role: c.role }]))
    .with({ type: "ChangeManager" }, (c) =>
      ok([{ type: "MemberManagerChanged", at, reportsTo: c.reportsTo }]),
    )
    .with({ type: "RenameMember" }, (c) => ok([{ type: "MemberRenamed", at, name: c.name }]))
    .with({ type: "ChangeEmail" }, (c) => ok([{ type: "MemberEmailChanged", at, email: c.email }]))
    .with({ type: "Deactivate" }, () => ok([{ type: "MemberDeactivated", at }]))
    .with({ type: "Reactivate" }, () => ok([{ type: "MemberReactivated", at }]))
    .exhaustive();
}

function existing(state: MemberState, event?: MemberEvent): Member {
  return existingRecord(state, "a member", event);
}

function evolve(state: MemberState, event: MemberEvent): MemberState {
  switch (event.type) {
    case "MemberAdded":
      assertNew(state, "member", event);
      return {
        id: event.memberId,
        name: event.name,
        email: event.email,
        role: event.role,
        reportsTo: event.reportsTo,
        status: "active",
        active: true,
      };
    case "MemberRoleChanged":
      return { ...existing(state, event), role: event.role };
    case "MemberManagerChanged":
      return { ...existing(state, event), reportsTo: event.reportsTo };
    case "MemberRenamed":
      return { ...existing(state, event), name: event.name };
    case "MemberEmailChanged":
      return { ...existing(state, event), email: event.email };
    case "MemberDeactivated":
      return { ...existing(state, event), status: "deactivated", active: false };
    case "MemberReactivated":
      return { ...existing(state, event), status: "active", active: true };
    default:
      return assertNever(event, "member event");
  }
}

/**
 * Member: active ⇄ deactivated. A deactivated member keeps the records they hold until they are handed over.
 * No one changes their own role or deactivates themselves. What spans several members — a unique e-mail,
 * reporting lines without cycles, a manager who exists — is the service's to check. `active` mirrors the status.
 */
export const memberMachine: Machine<MemberState, MemberCommand, MemberEvent, DecisionContext> = {
  name: "member",
  initial: { status: "none" },
  statuses: ["none", ...MEMBER_STATUSES],
  terminal: [],
  table: memberTable,
  guards: memberGuards,
  decide,
  evolve,
};
