// A small workspace built through the service, shared by the integration tests.
import { money, type Timestamp, timestamp } from "@accountable/domain";
import { type AggregateType, type CommandRequest, parseCommand, type Service } from "../src/index.ts";

/** A command parsed by its aggregate's schema, as an adapter would hand it over. */
export function cmd(
  aggregate: AggregateType,
  id: string,
  input: Record<string, unknown>,
  expectedVersion?: number,
): CommandRequest {
  const parsed = parseCommand(aggregate, input);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return {
    aggregate,
    id,
    command: parsed.value,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  };
}

let tick = Date.parse("2026-11-02T09:00:00.000Z");
/** A strictly increasing moment, so event times are distinct and ordered. */
export function next(): Timestamp {
  tick += 60_000;
  return timestamp(new Date(tick).toISOString());
}

export async function must(
  service: Service,
  ws: string,
  request: CommandRequest,
  actor: string,
  now: Timestamp = next(),
) {
  const r = await service.execute(ws, request, actor, { now });
  if (!r.ok)
    throw new Error(
      `${request.aggregate} ${request.command.type} refused: ${r.error._tag}: ${r.error.message}`,
    );
  return r.value;
}

export const ids = {
  admin: "m-admin",
  director: "m-director",
  supervisor: "m-sup",
  ae: "m-ae",
  otherAe: "m-ae2",
  viewer: "m-viewer",
  account: "a-acme",
  dm: "c-dm",
  opp: "o-retainer",
  contract: "k-retainer",
} as const;

const eur = (major: number) => money(major * 100, "EUR");

/** A workspace with members in a reporting line, an account with a decision maker, and a deal in discovery. */
export async function seedWorkspace(service: Service, ws: string): Promise<void> {
  const created = await service.createWorkspace(
    {
      workspaceId: ws,
      name: `Agency ${ws}`,
      admin: { memberId: ids.admin, name: "Ada Admin", email: "ada@agency.test" },
    },
    next(),
  );
  if (!created.ok) throw new Error(created.error.message);
  const member = (memberId: string, role: string, reportsTo: string | null) =>
    must(
      service,
      ws,
      cmd("member", memberId, {
        type: "AddMember",
        memberId,
        name: memberId,
        email: `${memberId}@agency.test`,
        role,
        reportsTo,
      }),
      ids.admin,
    );
  await member(ids.director, "director", ids.admin);
  await member(ids.supervisor, "supervisor", ids.director);
  await member(ids.ae, "account_executive", ids.supervisor);
  await member(ids.otherAe, "account_executive", ids.supervisor);
  await member(ids.viewer, "viewer", null);
  await must(
    service,
    ws,
    cmd("account", ids.account, {
      type: "CreateAccount",
      accountId: ids.account,
      name: "Acme",
      ownerId: ids.ae,
    }),
    ids.ae,
  );
  await must(
    service,
    ws,
    cmd("contact", ids.dm, {
      type: "AddContact",
      contactId: ids.dm,
      accountId: ids.account,
      name: "Dana Decider",
      title: "CMO",
      roles: ["decision_maker"],
    }),
    ids.ae,
  );
  await must(
    service,
    ws,
    cmd("opportunity", ids.opp, {
      type: "CreateOpportunity",
      opportunityId: ids.opp,
      accountId: ids.account,
      ownerId: ids.ae,
      name: "Acme 2027 retainer",
      opportunityType: "new_business",
      amount: eur(120_000),
      closeDate: "2027-03-31",
    }),
    ids.ae,
  );
  await must(service, ws, cmd("opportunity", ids.opp, { type: "MoveStage", stageId: "discovery" }), ids.ae);
}

export { eur };
