// Sending any command of any aggregate through the typed client (`@accountable/client`'s sendCommand): the path
// comes from the domain's resource table, as the API builds its routes (README, "The API's scheme"):
//   POST /api/workspaces/{workspaceId}/{collection}                 a creation command (with its `type`)
//   POST /api/workspaces/{workspaceId}/{collection}/{id}/{command}  any other (without `type`)
//   POST /api/workspaces/{workspaceId}/{command}                    the workspace's own
// e2e/commands.test.ts checks every path built here against the API's own OpenAPI document.
import { type CommandRoute, commandRoute, sendCommandInput } from "@accountable/client/commands";
import type { AggregateCommandInputs, AggregateType } from "@accountable/domain";
import { api, unwrap } from "../api/client.ts";
import type { CommandVariant } from "./aggregates.ts";

/** The paths commands are sent to: POST routes under a workspace. */
export type CommandPath = CommandRoute;

/** Where a command of this aggregate is sent (the domain's commandPath); null for founding a workspace (sign-up). */
export function commandPath(variant: Pick<CommandVariant, "aggregate" | "type">): string | null {
  return commandRoute(variant.aggregate, variant.type);
}

/** What every command route answers. */
export interface CommandResult {
  readonly aggregate: AggregateType;
  readonly id: string;
  readonly version: number;
  readonly state: Record<string, unknown>;
}

interface Addressed {
  readonly workspaceId: string;
  readonly id: string | null;
  readonly version: number | null;
}

/**
 * Sends a command of the variant's aggregate, typed by its union (`sendContractCommand` gives a ContractCommand):
 * a creation with its `type`, any other without it and, when the version is known, with If-Match.
 */
export async function sendCommand<A extends AggregateType>(
  input: Addressed & {
    readonly variant: Pick<CommandVariant, "type"> & { readonly aggregate: A };
    readonly command: AggregateCommandInputs[A];
  },
): Promise<CommandResult> {
  return sendFormCommand({ ...input, command: input.command });
}

/**
 * Sends what a form built from the variant's schema holds: the schema has parsed it, and the API parses it again
 * with the same schema (the input as typed, not the parsed value with its defaults).
 */
export async function sendFormCommand(
  input: Addressed & {
    readonly variant: Pick<CommandVariant, "aggregate" | "type">;
    readonly command: { readonly type: string };
  },
): Promise<CommandResult> {
  const { variant, workspaceId, id, version } = input;
  if (commandPath(variant) === null) throw new Error(`${variant.type} is not sent from this page.`);
  const answer = await unwrap(
    sendCommandInput(api, workspaceId, variant.aggregate, id, input.command, { version }),
  );
  return answer as CommandResult;
}
