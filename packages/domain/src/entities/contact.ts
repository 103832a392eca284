import { z } from "zod";
import { TimestampSchema } from "../kernel/calendar-date.ts";
import { AccountIdSchema, ContactIdSchema } from "../kernel/ids.ts";
import { text } from "../kernel/text.ts";
import { sourceFields } from "./imported-from.ts";

/** The parts a client's people play in a deal. */
export const CONTACT_ROLES = ["decision_maker", "champion", "signer", "billing", "influencer"] as const;
export const ContactRoleSchema = z.enum(CONTACT_ROLES).meta({ id: "ContactRole" });
export type ContactRole = z.infer<typeof ContactRoleSchema>;

export const SENTIMENTS = ["supporter", "neutral", "detractor"] as const;
export const SentimentSchema = z.enum(SENTIMENTS).meta({ id: "Sentiment" });
export type Sentiment = z.infer<typeof SentimentSchema>;

/** `active` while the person works at the client; `inactive` once they have left (they may come back). */
export const CONTACT_STATUSES = ["active", "inactive"] as const;
export const ContactStatusSchema = z.enum(CONTACT_STATUSES).meta({ id: "ContactStatus" });
export type ContactStatus = z.infer<typeof ContactStatusSchema>;

/** A person at the client: a stakeholder with roles, a place in the client's hierarchy and a sentiment. */
export const ContactSchema = z
  .strictObject({
    id: ContactIdSchema,
    accountId: AccountIdSchema,
    name: text().trim().min(1, "a contact needs a name").max(200),
    email: z.email("that is not an e-mail address").nullable(),
    phone: text().trim().max(50).nullable(),
    title: text().trim().max(200).nullable(),
    roles: z.array(ContactRoleSchema),
    /** The contact's manager at the client, for the stakeholder map. */
    reportsToId: ContactIdSchema.nullable(),
    sentiment: SentimentSchema.nullable(),
    /**
     * The contact machine's status; `active` repeats it as a flag for the policies and read tables, and the
     * machine keeps the two in step. (No refinement ties them here: it would forbid `.pick`/`.omit` on this schema.)
     */
    status: ContactStatusSchema,
    /** False once the person has left the client: a sponsor change is a strong warning sign. */
    active: z.boolean(),
    lastEngagedAt: TimestampSchema.nullable(),
    ...sourceFields,
  })
  .meta({ id: "Contact" });
export type Contact = z.infer<typeof ContactSchema>;

export function hasContactRole(c: Pick<Contact, "roles" | "active">, role: ContactRole): boolean {
  return c.active && c.roles.includes(role);
}
