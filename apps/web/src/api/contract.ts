// One contract: its record and version (the ETag a command sends back in If-Match), its history, the renewal
// deal it links to, and the lifecycle commands (submit, approve, sign…) the page offers.
import type { Contract, ContractCommand, Opportunity, Redacted } from "@accountable/domain";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commandVariant } from "../commands/aggregates.ts";
import { sendCommand } from "../commands/send.ts";
import { api, unwrap } from "./client.ts";

// The API's contract schema is generated from the domain's, so its record is the domain's Contract (ids and
// timestamps arrive as plain strings, which the domain's brands only mark), with the money the member may not see
// masked (`Redacted`).
const asDomain = <T>(value: unknown): T => value as T;

export const contractQuery = (workspaceId: string, contractId: string) =>
  queryOptions({
    queryKey: ["contracts", workspaceId, contractId],
    queryFn: async () => {
      const record = await unwrap(
        api.GET("/api/workspaces/{workspaceId}/contracts/{id}", {
          params: { path: { workspaceId, id: contractId } },
        }),
      );
      return { contract: asDomain<Redacted<Contract>>(record.state), version: record.version };
    },
  });

export const useContract = (workspaceId: string, contractId: string) =>
  useQuery(contractQuery(workspaceId, contractId));

export function useContractHistory(workspaceId: string, contractId: string) {
  return useQuery({
    queryKey: ["contracts", workspaceId, contractId, "history"],
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/contracts/{id}/history", {
          params: { path: { workspaceId, id: contractId } },
        }),
      ).then((h) => h.items),
  });
}

export function useOpportunity(workspaceId: string, opportunityId: string | null) {
  return useQuery({
    queryKey: ["opportunities", workspaceId, opportunityId, "record"],
    enabled: opportunityId !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/opportunities/{id}", {
          params: { path: { workspaceId, id: opportunityId! } },
        }),
      ).then((r) => asDomain<Redacted<Opportunity>>(r.state)),
  });
}

/** A contract command decided on `version`: sent as every command is (the domain's path, If-Match). */
export async function sendContractCommand(
  workspaceId: string,
  contractId: string,
  version: number,
  command: ContractCommand,
): Promise<void> {
  const variant = commandVariant("contract", command.type);
  if (!variant) throw new Error(`The contract machine has no command ${command.type}.`);
  await sendCommand({
    workspaceId,
    variant: { aggregate: "contract", type: variant.type },
    id: contractId,
    version,
    command,
  });
}

export function useContractCommand(workspaceId: string, contractId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { readonly version: number; readonly command: ContractCommand }) =>
      sendContractCommand(workspaceId, contractId, input.version, input.command),
    // A command may change the contract, its account (signing starts onboarding) and the renewal deal.
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ["contracts", workspaceId] }),
        qc.invalidateQueries({ queryKey: ["accounts", workspaceId] }),
        qc.invalidateQueries({ queryKey: ["opportunities", workspaceId] }),
      ]),
  });
}
