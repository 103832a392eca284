// A small workspace for route tests, built through the service as any adapter would.
import { type AggregateType, parseCommand, type Service } from "@accountable/service";

export const WS = "agency";
export const M = {
  admin: "m-admin",
  ae: "m-ae",
  otherAe: "m-ae2",
  viewer: "m-viewer",
  finance: "m-fin",
  pm: "m-pm",
} as const;

export async function run(
  service: Service,
  ws: string,
  aggregate: AggregateType,
  id: string,
  command: Record<string, unknown>,
  actor: string,
) {
  const parsed = parseCommand(aggregate, command);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const r = await service.execute(ws, { aggregate, id, command: parsed.value }, actor);
  if (!r.ok) throw new Error(`${command.type}: ${r.error.message}`);
  return r.value;
}

/** A workspace with an admin, two AEs, a viewer and a finance member; Acme (owned by the first AE) with a decision maker. */
export async function seedAgency(service: Service, ws = WS): Promise<void> {
  const created = await service.createWorkspace({
    workspaceId: ws,
    name: `Agency ${ws}`,
    admin: { memberId: M.admin, name: "Ada Admin", email: `ada@${ws}.test` },
  });
  if (!created.ok) throw new Error(created.error.message);
  for (const [id, role] of [
    [M.ae, "account_executive"],
    [M.otherAe, "account_executive"],
    [M.viewer, "viewer"],
    [M.finance, "finance"],
    [M.pm, "project_manager"],
  ] as const)
    await run(
      service,
      ws,
      "member",
      id,
      { type: "AddMember", memberId: id, name: id, email: `${id}@${ws}.test`, role, reportsTo: null },
      M.admin,
    );
  await run(
    service,
    ws,
    "account",
    "acme",
    { type: "CreateAccount", accountId: "acme", name: "Acme", ownerId: M.ae },
    M.ae,
  );
  await run(
    service,
    ws,
    "contact",
    "dana",
    {
      type: "AddContact",
      contactId: "dana",
      accountId: "acme",
      name: "Dana Decider",
      title: "CMO",
      roles: ["decision_maker"],
    },
    M.ae,
  );
}
