import type {
  AccountCommand,
  AccountPlanCommand,
  AccountPlanState,
  AccountState,
  ActivityCommand,
  ActivityState,
  BriefCommand,
  BriefState,
  ContactCommand,
  ContactState,
  ContractCommand,
  ContractState,
  CostEntryCommand,
  CostEntryState,
  EscalationCommand,
  EscalationState,
  InvoiceCommand,
  InvoiceState,
  OpportunityCommand,
  OpportunityState,
  QuotaCommand,
  QuotaState,
  TargetListCommand,
  TargetListState,
  TaskCommand,
  TaskState,
} from "@accountable/domain";
import type { DemoSimulator } from "./simulator.ts";
import { iso } from "./timeline.ts";

// Typed entry points into the simulator: the demo's commands are written as the domain's command types (the
// parsed form, defaults spelled out), so the compiler checks every field the machines will read.

/** Issues commands at a moment (epoch ms) as a member; each returns the aggregate's state after it. */
export class Issuer {
  constructor(readonly sim: DemoSimulator) {}

  account(id: string, c: AccountCommand, actor: string, t: number, reason?: string): AccountState {
    return this.sim.exec("account", id, c, actor, iso(t), reason ?? null);
  }
  contact(id: string, c: ContactCommand, actor: string, t: number): ContactState {
    return this.sim.exec("contact", id, c, actor, iso(t));
  }
  opportunity(id: string, c: OpportunityCommand, actor: string, t: number): OpportunityState {
    return this.sim.exec("opportunity", id, c, actor, iso(t));
  }
  contract(id: string, c: ContractCommand, actor: string, t: number, reason?: string): ContractState {
    return this.sim.exec("contract", id, c, actor, iso(t), reason ?? null);
  }
  activity(id: string, c: ActivityCommand, actor: string, t: number): ActivityState {
    return this.sim.exec("activity", id, c, actor, iso(t));
  }
  task(id: string, c: TaskCommand, actor: string, t: number): TaskState {
    return this.sim.exec("task", id, c, actor, iso(t));
  }
  escalation(id: string, c: EscalationCommand, actor: string, t: number, reason?: string): EscalationState {
    return this.sim.exec("escalation", id, c, actor, iso(t), reason ?? null);
  }
  brief(id: string, c: BriefCommand, actor: string, t: number): BriefState {
    return this.sim.exec("brief", id, c, actor, iso(t));
  }
  plan(id: string, c: AccountPlanCommand, actor: string, t: number): AccountPlanState {
    return this.sim.exec("plan", id, c, actor, iso(t));
  }
  invoice(id: string, c: InvoiceCommand, actor: string, t: number, reason?: string): InvoiceState {
    return this.sim.exec("invoice", id, c, actor, iso(t), reason ?? null);
  }
  cost(id: string, c: CostEntryCommand, actor: string, t: number): CostEntryState {
    return this.sim.exec("cost", id, c, actor, iso(t));
  }
  quota(id: string, c: QuotaCommand, actor: string, t: number): QuotaState {
    return this.sim.exec("quota", id, c, actor, iso(t));
  }
  target(id: string, c: TargetListCommand, actor: string, t: number): TargetListState {
    return this.sim.exec("target", id, c, actor, iso(t));
  }
  state<S extends { readonly status: string }>(id: string): S {
    return this.sim.state<S>(id);
  }
}
