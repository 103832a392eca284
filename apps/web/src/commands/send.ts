// Sending any command of any aggregate through the typed client. The path comes from the aggregate's collection
// and the command's name, as the API builds its routes (README, "The API's scheme"):
//   POST /api/workspaces/{workspaceId}/{collection}                 a creation command (with its `type`)
//   POST /api/workspaces/{workspaceId}/{collection}/{id}/{command}  any other (without `type`)
//   POST /api/workspaces/{workspaceId}/{command}                    the workspace's own
// e2e/commands.test.ts checks every path built here against the API's own OpenAPI document.
import type { paths } from "@accountable/client";
import { type AggregateType, commandPath as domainCommandPath } from "@accountable/domain";
import { api, unwrap } from "../api/client.ts";
import type { CommandVariant } from "./aggregates.ts";

type PostPath = {
  [P in keyof paths]: paths[P] extends { post: object } ? P : never;
}[keyof paths];
/** The paths commands are sent to: POST routes under a workspace. */
export type CommandPath = Extract<PostPath, `/api/workspaces/{workspaceId}/${string}`>;

/** Where a command of this aggregate is sent (the domain's commandPath); null for founding a workspace (sign-up). */
export function commandPath(variant: Pick<CommandVariant, "aggregate" | "type">): string | null {
  const route = domainCommandPath(variant.aggregate, variant.type);
  return route === null ? null : `/api/workspaces/{workspaceId}/${route}`;
}

/** What every command route answers. */
export interface CommandResult {
  readonly aggregate: AggregateType;
  readonly id: string;
  readonly version: number;
  readonly state: Record<string, unknown>;
}

interface CommandInit {
  readonly params: {
    readonly path: { readonly workspaceId: string; readonly id?: string };
    readonly header?: { readonly "if-match"?: string };
  };
  readonly body: Record<string, unknown>;
}

// openapi-fetch types one literal path at a time; a command's path is chosen at run time from the domain's
// tables, so this one call takes any of them (each checked against the document by the end-to-end test) and
// the body has already been parsed by the domain's schema.
const postCommand: (path: CommandPath, init: CommandInit) => ReturnType<typeof api.POST> = api.POST as (
  path: CommandPath,
  init: CommandInit,
) => ReturnType<typeof api.POST>;

/**
 * Sends a command the domain's schema has parsed: a creation with its `type` (several commands may share the
 * creation route), any other without it and, when the version is known, with If-Match.
 */
export async function sendCommand(input: {
  readonly workspaceId: string;
  readonly variant: CommandVariant;
  readonly id: string | null;
  readonly version: number | null;
  readonly command: Record<string, unknown>;
}): Promise<CommandResult> {
  const { variant, workspaceId, id, version } = input;
  const path = commandPath(variant);
  if (path === null) throw new Error(`${variant.type} is not sent from this page.`);
  const { type, ...rest } = input.command;
  const body = variant.creates ? { type, ...rest } : rest;
  const answer = await unwrap(
    postCommand(path as CommandPath, {
      params: {
        path: { workspaceId, ...(id !== null && path.includes("{id}") ? { id } : {}) },
        ...(version !== null && !variant.creates ? { header: { "if-match": `"${version}"` } } : {}),
      },
      body,
    }),
  );
  return answer as CommandResult;
}
