// Sending a command of any aggregate, typed by the domain's command unions: `sendCommand("opportunity", id,
// { type: "MoveStage", stageId: "proposal" }, { version: 3 })`. A command another aggregate's machine owns does not
// compile. The path comes from the domain's resource table (`commandPath`), as the API builds its routes:
//   POST /api/workspaces/{workspaceId}/{collection}                 a creation command (with its `type`)
//   POST /api/workspaces/{workspaceId}/{collection}/{id}/{command}  any other (without `type`)
//   POST /api/workspaces/{workspaceId}/{command}                    the workspace's own
import {
  type AggregateCommandInputs,
  type AggregateType,
  commandPath,
  createdIdField,
} from "@accountable/domain";
import type { Client } from "openapi-fetch";
import type { components, paths } from "./schema.ts";

type PostPath = { [P in keyof paths]: paths[P] extends { post: object } ? P : never }[keyof paths];
/** The paths commands are sent to: POST routes under a workspace. */
export type CommandRoute = Extract<PostPath, `/api/workspaces/{workspaceId}/${string}`>;

type Schemas = components["schemas"];
/** What a command route of `A` answers: the record's aggregate, id, version and state after the command. */
export type CommandAnswer<A extends AggregateType = AggregateType> = {
  [K in A]: `${Capitalize<K>}CommandResult` extends keyof Schemas
    ? Schemas[`${Capitalize<K>}CommandResult`]
    : never;
}[A];

/** The API's answer, as openapi-fetch gives every call's: `data` on success, `error` (a Problem) otherwise. */
export interface CommandOutcome<A extends AggregateType> {
  readonly data?: CommandAnswer<A>;
  readonly error?: Schemas["Problem"];
  readonly response: Response;
}

export interface SendOptions {
  /** The version the command was decided on (sent as If-Match): a record changed since is refused as stale. */
  readonly version?: number | null;
  /** Decide and answer what would happen, write nothing. */
  readonly dryRun?: boolean;
}

/** Where a command is sent, or null for founding a workspace (the sign-up's own route). */
export function commandRoute(aggregate: AggregateType, type: string): CommandRoute | null {
  const route = commandPath(aggregate, type);
  // The API's routes are built from the same table; the client's test sends one of each kind.
  return route === null ? null : (`/api/workspaces/{workspaceId}/${route}` as CommandRoute);
}

interface CommandInit {
  readonly params: {
    readonly path: { readonly workspaceId: string; readonly id?: string };
    readonly query?: { readonly dryRun?: "true" };
    readonly header?: { readonly "if-match"?: string };
  };
  readonly body: object;
}

/**
 * Sends input addressed to an aggregate only known at run time (a form built from the domain's schemas): the API
 * parses it with that aggregate's schema. Prefer `sendCommand`, whose command is typed.
 */
export function sendCommandInput<A extends AggregateType>(
  client: Client<paths>,
  workspaceId: string,
  aggregate: A,
  id: string | null,
  input: { readonly type: string },
  options: SendOptions = {},
): Promise<CommandOutcome<A>> {
  const path = commandRoute(aggregate, input.type);
  if (path === null) throw new Error(`${input.type} is sent by signing up, not as a command.`);
  const creates = createdIdField(aggregate, input.type) !== undefined;
  const { type, ...rest } = input;
  // openapi-fetch types one literal path at a time; this one call takes any command route (each built from the
  // domain's table, as the API's are) with a body the API parses by the command's schema.
  const post = client.POST as unknown as (
    path: CommandRoute,
    init: CommandInit,
  ) => Promise<CommandOutcome<A>>;
  return post(path, {
    params: {
      path: { workspaceId, ...(id !== null && path.includes("{id}") ? { id } : {}) },
      ...(options.dryRun ? { query: { dryRun: "true" } } : {}),
      ...(options.version != null && !creates ? { header: { "if-match": `"${options.version}"` } } : {}),
    },
    body: creates ? { type, ...rest } : rest,
  });
}

/**
 * Sends a command of `aggregate` to the record `id` (null for a creation, whose command names its new id):
 * `sendCommand(api, "ws", "opportunity", "acme-2027", { type: "MoveStage", stageId: "proposal" }, { version: 3 })`.
 * The command is typed by the aggregate's own union, so a command of another aggregate does not compile.
 */
export function sendCommand<A extends AggregateType>(
  client: Client<paths>,
  workspaceId: string,
  aggregate: A,
  id: string | null,
  command: AggregateCommandInputs[A],
  options: SendOptions = {},
): Promise<CommandOutcome<A>> {
  return sendCommandInput(client, workspaceId, aggregate, id, command, options);
}

/** The commands of one workspace: `commands.sendCommand(aggregate, id, command, { version })`. */
export function workspaceCommands(client: Client<paths>, workspaceId: string) {
  return {
    sendCommand: <A extends AggregateType>(
      aggregate: A,
      id: string | null,
      command: AggregateCommandInputs[A],
      options: SendOptions = {},
    ): Promise<CommandOutcome<A>> => sendCommand(client, workspaceId, aggregate, id, command, options),
  };
}
