import { match } from "ts-pattern";
import { z } from "zod";
import { CONTACT_STATUSES, type Contact, type ContactRole, ContactSchema } from "../entities/contact.ts";
import { ImportedFromSchema, sourceOf } from "../entities/imported-from.ts";
import { compareTimestamps, TimestampSchema } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { AccountIdSchema, type ContactId, ContactIdSchema } from "../kernel/ids.ts";
import {
  assertNew,
  checkMove,
  type Decision,
  existingRecord,
  type GuardedTable,
  type GuardSet,
  givenFields,
  type Machine,
  somethingToChange,
} from "../kernel/machine.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type ContactState = { readonly status: "none" } | Contact;
export type ContactStatusOrNone = ContactState["status"];

const field = ContactSchema.shape;
const Reason = text().trim().max(2000);

/** Every command a contact accepts, as adapters parse it from user input. */
export const ContactCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("AddContact"),
    contactId: ContactIdSchema,
    accountId: AccountIdSchema,
    name: field.name,
    email: field.email.default(null),
    phone: field.phone.default(null),
    title: field.title.default(null),
    roles: field.roles.default([]),
    reportsToId: field.reportsToId.default(null),
    sentiment: field.sentiment.default(null),
    /** Where an imported contact came from (the import sets it). */
    importedFrom: ImportedFromSchema.optional(),
  }),
  z.strictObject({
    type: z.literal("UpdateContact"),
    name: field.name.optional(),
    email: field.email.optional(),
    phone: field.phone.optional(),
    title: field.title.optional(),
    reportsToId: field.reportsToId.optional(),
    sentiment: field.sentiment.optional(),
  }),
  z.strictObject({ type: z.literal("SetContactRoles"), roles: field.roles }),
  /** The contact took part in an activity at `at`: moves `lastEngagedAt` forward, never back. */
  z.strictObject({ type: z.literal("RecordEngagement"), at: TimestampSchema }),
  z.strictObject({ type: z.literal("MarkLeft"), reason: Reason.optional() }),
  z.strictObject({ type: z.literal("Rejoin") }),
]);
/** A command as `decide` receives it: parsed, defaults applied. */
export type ContactCommand = z.infer<typeof ContactCommandSchema>;

/** The details `UpdateContact` may change; an absent field stays as it is, `null` clears it. */
export const ContactChangesSchema = z
  .strictObject({
    name: field.name,
    email: field.email,
    phone: field.phone,
    title: field.title,
    reportsToId: field.reportsToId,
    sentiment: field.sentiment,
  })
  .partial();
export type ContactChanges = z.infer<typeof ContactChangesSchema>;

/** Everything that can happen to a contact; the store parses each event it reads back with this schema. */
export const ContactEventSchema = z.discriminatedUnion("type", [
  eventSchema("ContactAdded", {
    contactId: ContactIdSchema,
    accountId: AccountIdSchema,
    name: field.name,
    email: field.email,
    phone: field.phone,
    title: field.title,
    roles: field.roles,
    reportsToId: field.reportsToId,
    sentiment: field.sentiment,
    // Absent from events of contacts added here, and from events stored before imports kept it.
    importedFrom: ImportedFromSchema.optional(),
  }),
  eventSchema("ContactUpdated", { changes: ContactChangesSchema }),
  eventSchema("ContactRolesSet", { roles: field.roles }),
  eventSchema("ContactEngaged", { engagedAt: TimestampSchema }),
  eventSchema("ContactLeft", { reason: Reason.nullable() }),
  eventSchema("ContactRejoined"),
]);
export type ContactEvent = z.infer<typeof ContactEventSchema>;

const known = ["active", "inactive"] as const;

type Guards = GuardSet<ContactState, ContactCommand, DecisionContext>;

/** The named checks of the contact's table. */
export const contactGuards = {
  somethingToChange: somethingToChange<ContactCommand, "UpdateContact">(
    "UpdateContact",
    changesOf,
    "Say what to change: a name, e-mail, phone, title, manager or sentiment.",
  ),
  notTheirOwnManager: {
    words: "a manager other than the contact themselves",
    check: (state, command) => {
      const self =
        command.type === "AddContact" ? command.contactId : state.status === "none" ? null : state.id;
      const reportsTo =
        command.type === "AddContact" || command.type === "UpdateContact" ? command.reportsToId : undefined;
      return reportsTo !== undefined && reportsTo !== null && reportsTo === self
        ? refuse.invalidInput("reportsToId", "A contact cannot report to themselves.")
        : undefined;
    },
  },
  notInTheFuture: {
    words: "an engagement that has happened",
    check: (_state, command, ctx) =>
      command.type === "RecordEngagement" && compareTimestamps(command.at, ctx.now) > 0
        ? refuse.invalidInput("at", "An engagement is recorded once it has happened, not ahead.")
        : undefined,
  },
} as const satisfies Guards;

/** The name of one of the contact machine's guards. */
export type ContactGuard = keyof typeof contactGuards;

export const contactTable = {
  AddContact: {
    command: "AddContact",
    label: "add",
    from: ["none"],
    to: ["active"],
    guards: ["notTheirOwnManager"],
  },
  UpdateContact: {
    command: "UpdateContact",
    label: "edit details",
    from: known,
    to: known,
    guards: ["somethingToChange", "notTheirOwnManager"],
  },
  SetContactRoles: {
    command: "SetContactRoles",
    label: "set the roles",
    from: ["active"],
    to: ["active"],
    guards: [],
  },
  RecordEngagement: {
    command: "RecordEngagement",
    label: "record an engagement",
    from: known,
    to: known,
    guards: ["notInTheFuture"],
  },
  MarkLeft: {
    command: "MarkLeft",
    label: "mark as left the client",
    from: ["active"],
    to: ["inactive"],
    guards: [],
  },
  Rejoin: { command: "Rejoin", label: "rejoin", from: ["inactive"], to: ["active"], guards: [] },
} as const satisfies GuardedTable<ContactStatusOrNone, ContactCommand["type"], ContactGuard>;

function decide(state: ContactState, command: ContactCommand, ctx: DecisionContext): Decision<ContactEvent> {
  const refused = checkMove("contact", contactTable, contactGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<ContactEvent>>()
    .with({ type: "AddContact" }, (c) =>
      ok([
        {
          type: "ContactAdded",
          at,
          contactId: c.contactId,
          accountId: c.accountId,
          name: c.name,
          email: c.email,
          phone: c.phone,
          title: c.title,
          roles: distinct(c.roles),
          reportsToId: c.reportsToId,
          sentiment: c.sentiment,
          ...(c.importedFrom && { importedFrom: c.importedFrom }),
        },
      ]),
    )
    .with({ type: "UpdateContact" }, (c) => ok([{ type: "ContactUpdated", at, changes: changesOf(c) }]))
    .with({ type: "SetContactRoles" }, (c) => ok([{ type: "ContactRolesSet", at, roles: distinct(c.roles) }]))
    .with({ type: "RecordEngagement" }, (c) => {
      const last = existing(state).lastEngagedAt;
      // An engagement older than the last one recorded does not move the date back: no refusal, nothing happens.
      if (last !== null && compareTimestamps(c.at, last) <= 0) return ok([]);
      return ok([{ type: "ContactEngaged", at, engagedAt: c.at }]);
    })
    .with({ type: "MarkLeft" }, (c) => ok([{ type: "ContactLeft", at, reason: c.reason?.trim() || null }]))
    .with({ type: "Rejoin" }, () => ok([{ type: "ContactRejoined", at }]))
    .exhaustive();
}

const distinct = (roles: readonly ContactRole[]): ContactRole[] => [...new Set(roles)];

function changesOf(c: Extract<ContactCommand, { type: "UpdateContact" }>): ContactChanges {
  return givenFields(c, ["name", "email", "phone", "title", "reportsToId", "sentiment"]);
}

function existing(state: ContactState, event?: ContactEvent): Contact {
  return existingRecord(state, "a contact", event);
}

/** The value a change sets, or the current one when the change leaves it out. */
const or = <T>(change: T | undefined, current: T): T => (change === undefined ? current : change);

function evolve(state: ContactState, event: ContactEvent): ContactState {
  switch (event.type) {
    case "ContactAdded":
      assertNew(state, "contact", event);
      return {
        id: event.contactId,
        accountId: event.accountId,
        name: event.name,
        email: event.email,
        phone: event.phone,
        title: event.title,
        roles: [...event.roles],
        reportsToId: event.reportsToId,
        sentiment: event.sentiment,
        status: "active",
        active: true,
        lastEngagedAt: null,
        ...sourceOf(event.importedFrom),
      };
    case "ContactUpdated": {
      const c = existing(state, event);
      const x = event.changes;
      return {
        ...c,
        name: or(x.name, c.name),
        email: or(x.email, c.email),
        phone: or(x.phone, c.phone),
        title: or(x.title, c.title),
        reportsToId: or<ContactId | null>(x.reportsToId, c.reportsToId),
        sentiment: or(x.sentiment, c.sentiment),
      };
    }
    case "ContactRolesSet":
      return { ...existing(state, event), roles: [...event.roles] };
    case "ContactEngaged":
      return { ...existing(state, event), lastEngagedAt: event.engagedAt };
    case "ContactLeft":
      return { ...existing(state, event), status: "inactive", active: false };
    case "ContactRejoined":
      return { ...existing(state, event), status: "active", active: true };
    default:
      return assertNever(event, "contact event");
  }
}

/**
 * Contact: active ⇄ inactive. A contact who leaves the client keeps their roles, so a departed sponsor still
 * shows as a warning sign in account health; they may rejoin. `active` always mirrors the status.
 */
export const contactMachine: Machine<ContactState, ContactCommand, ContactEvent, DecisionContext> = {
  name: "contact",
  initial: { status: "none" },
  statuses: ["none", ...CONTACT_STATUSES],
  terminal: [],
  table: contactTable,
  guards: contactGuards,
  decide,
  evolve,
};
