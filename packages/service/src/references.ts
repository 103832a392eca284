// A command that names another record (the account a deal is opened under, the contact added as a stakeholder,
// the member a task is assigned to) is refused when that record is not in the workspace: the domain decides on
// the facts it is given, and an id that points nowhere would leave a record hanging off nothing.
import { type InvalidInput, refuse } from "@accountable/domain";
import { schema } from "@accountable/store";
import type { AggregateType, RunnableAggregate } from "./aggregates/registry.ts";
import { findData, type ReadTable, type Scope } from "./scope.ts";

interface Reference {
  readonly table: ReadTable;
  /** The aggregate whose records the table holds: its own creation id is not a reference. */
  readonly aggregate: AggregateType;
  readonly noun: string;
}

const account: Reference = { table: schema.accounts, aggregate: "account", noun: "account" };
const member: Reference = { table: schema.members, aggregate: "member", noun: "member" };
const contact: Reference = { table: schema.contacts, aggregate: "contact", noun: "contact" };
const opportunity: Reference = { table: schema.opportunities, aggregate: "opportunity", noun: "opportunity" };
const contract: Reference = { table: schema.contracts, aggregate: "contract", noun: "contract" };
const brief: Reference = { table: schema.briefs, aggregate: "brief", noun: "brief" };

/** The fields of commands that hold another record's id (one id, or a list of them), by name. */
const REFERENCES: Readonly<Record<string, Reference>> = {
  accountId: account,
  parentId: account,
  memberId: member,
  ownerId: member,
  reportsTo: member,
  assigneeId: member,
  plannerId: member,
  supervisorId: member,
  accountManagerId: member,
  contactId: contact,
  reportsToId: contact,
  stakeholderIds: contact,
  contactIds: contact,
  opportunityId: opportunity,
  contractId: contract,
  previousContractId: contract,
  renewedById: contract,
  briefId: brief,
};

/** The first id the command names that is not in the workspace, as a refusal naming its field; else null. */
export async function missingReference(
  scope: Pick<Scope, "db" | "workspaceId">,
  aggregate: RunnableAggregate,
  createdId: string | undefined,
  command: Readonly<Record<string, unknown>>,
): Promise<InvalidInput | null> {
  for (const [field, value] of Object.entries(command)) {
    const reference = REFERENCES[field];
    if (!reference) continue;
    const ids = Array.isArray(value) ? value : [value];
    for (const id of ids) {
      if (typeof id !== "string") continue;
      // The id a creation command gives its own new record is not a reference to anything.
      if (reference.aggregate === aggregate && id === createdId) continue;
      if ((await findData(scope, reference.table, id)) === undefined)
        return refuse.invalidInput(field, `There is no ${reference.noun} ${id} in this workspace.`);
    }
  }
  return null;
}
