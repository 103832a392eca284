import { z } from "zod";
import { MemberIdSchema } from "../kernel/ids.ts";

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

export const MemberSchema = z
  .object({
    id: MemberIdSchema,
    name: z.string().trim().min(1, "a member needs a name").max(200),
    email: z.email("that is not an e-mail address"),
    role: RoleSchema,
    /** The member's manager, for approvals, escalations and rollups. */
    reportsTo: MemberIdSchema.nullable().default(null),
    active: z.boolean().default(true),
  })
  .meta({ id: "Member" });
export type Member = z.infer<typeof MemberSchema>;

/** Who is acting: the member and the role they act in. Passed to every decision; never read from a global. */
export const ActorSchema = z.object({ memberId: MemberIdSchema, role: RoleSchema }).meta({ id: "Actor" });
export type Actor = z.infer<typeof ActorSchema>;
