import type { MemberId, Role } from "@accountable/domain";
import { FIRST_NAMES, LAST_NAMES } from "./catalog.ts";
import { forkRandom } from "./random.ts";

// The demo's people: one reporting line from the managing director (the admin) down, with two business units —
// the advertising agency and the IT-outsourcing firm — and every role of the workbench.

/** The demo's login: a known admin, so adapters can print how to sign in. */
export const DEMO_LOGIN = {
  memberId: "demo-admin",
  email: "admin@demo.accountable.test",
  name: "Ada Demo",
} as const;

/**
 * The demo's people one can sign in as besides its admin, one per kind of view worth seeing (the same password):
 * a director over the agency, a supervisor, an account executive, an assistant and a viewer, who sees no money.
 * Every demo has them, whatever its size.
 */
export const DEMO_SIGN_INS = [
  "demo-director-agency",
  "demo-supervisor-agency-1",
  "demo-ae-agency-1",
  "demo-assistant-agency-1",
  "demo-viewer",
] as const;

export type Unit = "agency" | "it";
export const UNITS: readonly Unit[] = ["agency", "it"];

export interface DemoMember {
  readonly id: MemberId;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly reportsTo: MemberId | null;
}

export interface DemoUnit {
  readonly director: MemberId;
  readonly supervisors: readonly MemberId[];
  /** Account executives; each reports to one of the unit's supervisors. */
  readonly executives: readonly MemberId[];
  readonly assistants: readonly MemberId[];
  /** Account planners (agency) work briefs; account managers (IT) run towers. */
  readonly specialists: readonly MemberId[];
  readonly projectManagers: readonly MemberId[];
}

export interface DemoTeam {
  /** In an order where every manager comes before their reports. */
  readonly members: readonly DemoMember[];
  readonly admin: MemberId;
  readonly finance: readonly MemberId[];
  readonly units: Readonly<Record<Unit, DemoUnit>>;
  readonly managerOf: ReadonlyMap<MemberId, MemberId>;
}

const id = (s: string) => s as MemberId;

/** The team for a workspace of this many deals: about one executive per 1,500 deals (4 to 200). */
export function demoTeam(seed: number, opportunities: number): DemoTeam {
  const rng = forkRandom(seed, "team");
  const members: DemoMember[] = [];
  const managerOf = new Map<MemberId, MemberId>();
  const add = (memberId: string, role: Role, reportsTo: MemberId | null, name?: string): MemberId => {
    const m: DemoMember = {
      id: id(memberId),
      name: name ?? `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
      email: memberId === DEMO_LOGIN.memberId ? DEMO_LOGIN.email : `${memberId}@demo.accountable.test`,
      role,
      reportsTo,
    };
    members.push(m);
    if (reportsTo !== null) managerOf.set(m.id, reportsTo);
    return m.id;
  };

  const admin = add(DEMO_LOGIN.memberId, "admin", null, DEMO_LOGIN.name);
  const finance = [add("demo-finance-1", "finance", admin), add("demo-finance-2", "finance", admin)];
  add("demo-viewer", "viewer", admin);

  const executivesPerUnit = Math.max(2, Math.min(100, Math.round(opportunities / 3_000)));
  const units = {} as Record<Unit, DemoUnit>;
  for (const unit of UNITS) {
    const director = add(`demo-director-${unit}`, "director", admin);
    const supervisorCount = Math.max(1, Math.ceil(executivesPerUnit / 6));
    const supervisors = Array.from({ length: supervisorCount }, (_, i) =>
      add(`demo-supervisor-${unit}-${i + 1}`, "supervisor", director),
    );
    const executives = Array.from({ length: executivesPerUnit }, (_, i) =>
      add(`demo-ae-${unit}-${i + 1}`, "account_executive", supervisors[i % supervisorCount]!),
    );
    const assistants = supervisors.map((s, i) => add(`demo-assistant-${unit}-${i + 1}`, "assistant", s));
    const specialistRole: Role = unit === "agency" ? "account_planner" : "account_manager";
    const specialists = supervisors.flatMap((s, i) => [
      add(`demo-${unit === "agency" ? "planner" : "am"}-${unit}-${2 * i + 1}`, specialistRole, s),
      add(`demo-${unit === "agency" ? "planner" : "am"}-${unit}-${2 * i + 2}`, specialistRole, s),
    ]);
    const projectManagers = [add(`demo-pm-${unit}-1`, "project_manager", director)];
    units[unit] = { director, supervisors, executives, assistants, specialists, projectManagers };
  }
  return { members, admin, finance, units, managerOf };
}
