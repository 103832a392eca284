import { z } from "zod";
import { MemberIdSchema } from "../kernel/ids.ts";
import { text } from "../kernel/text.ts";

/** Every role a workspace member can hold; the one list every label, table and check derives from. */
export const ROLES = [
  "admin",
  "director",
  "supervisor",
  "account_executive",
  "assistant",
  "account_manager",
  "account_planner",
  "project_manager",
  "finance",
  "viewer",
] as const;
export const RoleSchema = z.enum(ROLES).meta({ id: "Role" });
export type Role = z.infer<typeof RoleSchema>;

/** A `deactivated` member can no longer sign in or act, but stays on the records they hold. */
export const MEMBER_STATUSES = ["active", "deactivated"] as const;
export const MemberStatusSchema = z.enum(MEMBER_STATUSES).meta({ id: "MemberStatus" });
export type MemberStatus = z.infer<typeof MemberStatusSchema>;

export const MemberSchema = z
  .strictObject({
    id: MemberIdSchema,
    name: text().trim().min(1, "a member needs a name").max(200),
    email: z.email("that is not an e-mail address"),
    role: RoleSchema,
    /** The member's manager, for approvals, escalations and rollups. */
    reportsTo: MemberIdSchema.nullable().default(null),
    /**
     * The member machine's status; `active` repeats it as a flag for the read tables, and the machine keeps the
     * two in step. (No refinement ties them here: it would forbid `.pick`/`.omit` on this schema.)
     */
    status: MemberStatusSchema.default("active"),
    active: z.boolean().default(true),
  })
  .meta({ id: "Member" });
export type Member = z.infer<typeof MemberSchema>;

/** Who is acting: the member and the role they act in. Passed to every decision; never read from a global. */
export const ActorSchema = z
  .strictObject({ memberId: MemberIdSchema, role: RoleSchema })
  .meta({ id: "Actor" });
export type Actor = z.infer<typeof ActorSchema>;
