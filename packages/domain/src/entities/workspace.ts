import { z } from "zod";
import { TimestampSchema } from "../kernel/calendar-date.ts";
import { WorkspaceIdSchema } from "../kernel/ids.ts";
import { text } from "../kernel/text.ts";
import { WorkspaceSettingsSchema } from "./settings.ts";

/** A workspace has one status once created; closing a workspace is an operator's act, outside the domain. */
export const WORKSPACE_STATUSES = ["active"] as const;
export const WorkspaceStatusSchema = z.enum(WORKSPACE_STATUSES).meta({ id: "WorkspaceStatus" });
export type WorkspaceStatus = z.infer<typeof WorkspaceStatusSchema>;

/** An agency's workspace: its name and the settings every decision in it reads (currency, pipelines, rules). */
export const WorkspaceSchema = z
  .strictObject({
    id: WorkspaceIdSchema,
    status: WorkspaceStatusSchema,
    name: text().trim().min(1, "a workspace needs a name").max(200),
    settings: WorkspaceSettingsSchema,
    createdAt: TimestampSchema,
  })
  .meta({ id: "Workspace" });
export type Workspace = z.infer<typeof WorkspaceSchema>;
