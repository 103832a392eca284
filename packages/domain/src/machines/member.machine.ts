import { match } from "ts-pattern";
import { z } from "zod";
import { MEMBER_STATUSES, type Member, MemberSchema, RoleSchema } from "../entities/member.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { MemberIdSchema } from "../kernel/ids.ts";
import { checkTransition, type Decision, type Machine, type TransitionTable } from "../kernel/machine.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, InvariantViolation, ok } from "../kernel/result.ts";
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
const NOT_SELF = "not by the member themselves";

export const memberTable = {
  AddMember: {
    command: "AddMember",
    label: "add",
    from: ["none"],
    to: ["active"],
    guards: ["does not report to themselves"],
  },
  ChangeRole: {
    command: "ChangeRole",
    label: "change the role",
    from: ["active"],
    to: ["active"],
    guards: ["a different role", NOT_SELF],
  },
  ChangeManager: {
    command: "ChangeManager",
    label: "change the manager",
    from: ["active"],
    to: ["active"],
    guards: ["a different manager", "does not report to themselves"],
  },
  RenameMember: {
    command: "RenameMember",
    label: "rename",
    from: known,
    to: known,
    guards: ["a different name"],
  },
  ChangeEmail: {
    command: "ChangeEmail",
    label: "change the e-mail",
    from: known,
    to: known,
    guards: ["a different e-mail"],
  },
  Deactivate: {
    command: "Deactivate",
    label: "deactivate",
    from: ["active"],
    to: ["deactivated"],
    guards: [NOT_SELF],
  },
  Reactivate: {
    command: "Reactivate",
    label: "reactivate",
    from: ["deactivated"],
    to: ["active"],
    guards: [],
  },
} as const satisfies TransitionTable<MemberStatusOrNone, MemberCommand["type"]>;

function decide(state: MemberState, command: MemberCommand, ctx: DecisionContext): Decision<MemberEvent> {
  const blocked = checkTransition("member", memberTable, state.status, command.type);
  if (blocked) return err(blocked);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<MemberEvent>>()
    .with({ type: "AddMember" }, (c) =>
      c.reportsTo === c.memberId
        ? err(ownManager())
        : ok([
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
    .with({ type: "ChangeRole" }, (c) => {
      const member = existing(state);
      // Only admins manage members: refusing their own role change means the last admin cannot lock
      // everyone out, and no one promotes themselves.
      if (member.id === ctx.actor.memberId)
        return err(
          refuse.notPermitted(
            "member.manage",
            ctx.actor.role,
            "ask another admin to do it",
            "change your own role",
          ),
        );
      return c.role === member.role
        ? err(refuse.invalidInput("role", `${member.name} already acts as ${c.role}.`))
        : ok([{ type: "MemberRoleChanged", at, role: c.role }]);
    })
    .with({ type: "ChangeManager" }, (c) => {
      const member = existing(state);
      if (c.reportsTo === member.id) return err(ownManager());
      return c.reportsTo === member.reportsTo
        ? err(refuse.invalidInput("reportsTo", `${member.name} already reports there.`))
        : ok([{ type: "MemberManagerChanged", at, reportsTo: c.reportsTo }]);
    })
    .with({ type: "RenameMember" }, (c) =>
      c.name === existing(state).name
        ? err(refuse.invalidInput("name", "That is already the member's name."))
        : ok([{ type: "MemberRenamed", at, name: c.name }]),
    )
    .with({ type: "ChangeEmail" }, (c) =>
      c.email.toLowerCase() === existing(state).email.toLowerCase()
        ? err(refuse.invalidInput("email", "That is already the member's e-mail."))
        : ok([{ type: "MemberEmailChanged", at, email: c.email }]),
    )
    .with({ type: "Deactivate" }, () =>
      existing(state).id === ctx.actor.memberId
        ? err(
            refuse.notPermitted(
              "member.manage",
              ctx.actor.role,
              "ask another admin to do it",
              "deactivate yourself",
            ),
          )
        : ok([{ type: "MemberDeactivated", at }]),
    )
    .with({ type: "Reactivate" }, () => ok([{ type: "MemberReactivated", at }]))
    .exhaustive();
}

const ownManager = () => refuse.invalidInput("reportsTo", "A member cannot report to themselves.");

function existing(state: MemberState, event?: MemberEvent): Member {
  if (state.status === "none")
    throw new InvariantViolation(`${event?.type ?? "A command"} applied to a member who does not exist`);
  return state;
}

function evolve(state: MemberState, event: MemberEvent): MemberState {
  switch (event.type) {
    case "MemberAdded":
      if (state.status !== "none")
        throw new InvariantViolation(`${event.type} applied to an existing member`);
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
  decide,
  evolve,
};
