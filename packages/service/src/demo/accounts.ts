import {
  type Account,
  type AccountId,
  type AccountPlanId,
  type AccountStatus,
  type ActivityId,
  activationDueOn,
  addDays,
  addMonths,
  allocate,
  asId,
  type Brief,
  type BriefId,
  type CalendarDate,
  type ContactId,
  type ContactRole,
  type Contract,
  type ContractId,
  type ContractState,
  type CostEntryId,
  type Duration,
  dateOf,
  dueContractCommands,
  dueInvoiceCommands,
  dueRetainerPeriods,
  type Escalation,
  type EscalationCommand,
  type EscalationId,
  expiryDueOn,
  handoverPlan,
  type Invoice,
  type InvoiceId,
  type InvoiceLine,
  type MeetingMinutes,
  type Member,
  type MemberId,
  type MilestoneId,
  type Money,
  milestoneInvoiceId,
  money,
  nextRetainerPeriod,
  noticeDeadline,
  noticeWindowOpensOn,
  type Opportunity,
  type OpportunityId,
  routeApproval,
  type Severity,
  type StageId,
  slaBreachFollowUps,
  spellFullDate,
  startOfMonth,
  type TaskId,
  type TowerId,
  tacitRenewalDueOn,
  type WorkspaceSettings,
} from "@accountable/domain";
import { SYSTEM_ACTOR } from "../execute.ts";
import { contractReason, retainerReason } from "../sweep.ts";
import {
  ACTION_ITEMS,
  ACTIVITY_SUBJECTS,
  AGENCY_DEALS,
  AGENCY_INDUSTRIES,
  BRIEF_TITLES,
  companyName,
  DECISIONS,
  ESCALATION_TITLES,
  FIRST_NAMES,
  IT_DEALS,
  IT_INDUSTRIES,
  IT_TOWERS,
  LAST_NAMES,
  LOSS_REASONS,
  MEETING_SUBJECTS,
  NEEDS,
  PLAN_OBJECTIVES,
  PREFIXES,
  SERVICE_LINE_OF,
  TASK_TITLES,
} from "./catalog.ts";
import type { Issuer } from "./issuer.ts";
import { forkRandom, type Random } from "./random.ts";
import type { DemoTeam, Unit } from "./team.ts";
import { DAY, dayOf, HOUR, iso, MINUTE, sweepMomentOf, Timeline } from "./timeline.ts";

// One account's year (or years) in the demo: its creation, contacts and team; its deals moving through the
// pipeline and won or lost; the contracts those deals bring, approved and signed, then activated, entering their
// notice windows (which opens the renewal deal), renewed tacitly or by a new contract, or expiring — applied by
// the nightly sweep of the past, as the system; invoices, costs, escalations, briefs, tasks and meetings.
// Each step is scheduled on the account's timeline and checks where things stand when it runs, so a story cut
// short by `now` leaves deals open, contracts in negotiation and invoices unpaid, as a real workspace has.

/** What every account story shares. */
export interface DemoWorld {
  readonly seed: number;
  readonly nowMs: number;
  readonly settings: WorkspaceSettings;
  readonly team: DemoTeam;
  /** The members as the SLA rule reads them (every demo member is active). */
  readonly reportingLine: readonly Pick<Member, "id" | "reportsTo" | "active">[];
  readonly issue: Issuer;
}

/** One account to generate: its index, and the deals it holds (a range of the workspace's deal numbers). */
export interface AccountPlan {
  readonly index: number;
  readonly firstDeal: number;
  readonly deals: number;
}

/** The lifecycle states, in the order the first accounts take them so that a small demo shows every one. */
/** Days a deal may stall and still be open at the demo's present. */
const STALLED_AT_MOST = 120;
const FIRST_STATUSES: readonly AccountStatus[] = [
  "active",
  "prospect",
  "onboarding",
  "at_risk",
  "churned",
  "dormant",
  "archived",
];

const STATUS_WEIGHTS: Readonly<Record<AccountStatus, number>> = {
  prospect: 22,
  onboarding: 8,
  active: 42,
  at_risk: 10,
  churned: 7,
  dormant: 6,
  archived: 5,
};

const ESTABLISHED: readonly AccountStatus[] = ["active", "at_risk", "churned", "dormant"];
const BINDING: readonly string[] = ["signed", "active", "expiring"];
const YEAR = 365 * DAY;

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const ascii = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
const eur = (major: number): Money => money(major * 100, "EUR");
/** The regions the demo's clients are covered from. */
const DEMO_REGIONS = ["Paris office", "Lyon office", "Benelux", "DACH", "Nordics", "UK & Ireland"] as const;

/** The id of the `n`-th deal of the workspace. */
export const dealId = (n: number) => `opp-${pad(n, 7)}` as OpportunityId;
export const accountIdOf = (index: number) => `acc-${pad(index, 6)}` as AccountId;

export function runAccountStory(world: DemoWorld, plan: AccountPlan): void {
  new AccountStory(world, plan).run();
}

interface DealPlan {
  readonly id: OpportunityId;
  readonly rng: Random;
  readonly created: number;
  /** When it enters discovery, proposal, negotiation, and when it would close. */
  readonly stageAt: readonly [number, number, number, number];
  readonly outcome: "won" | "lost" | "stalled";
  /** The open stage (0–3) it is lost in or stalls in. */
  readonly stopsIn: number;
  readonly contractSpan: number;
  readonly amount: Money;
  readonly name: string;
  readonly serviceLine: string;
  readonly closeDate: CalendarDate;
  /** The onboarding account's first win. */
  readonly first: boolean;
}

const NEW_BUSINESS_STAGES = ["prospecting", "discovery", "proposal", "negotiation"] as const;

class AccountStory {
  private readonly rng: Random;
  private readonly tl: Timeline;
  private readonly issue: Issuer;
  private readonly id: AccountId;
  private readonly unit: Unit;
  private readonly owner: MemberId;
  private readonly target: AccountStatus;
  private readonly name: string;
  private readonly domain: string;
  private readonly industry: string;
  private readonly contacts: ContactId[] = [];
  private readonly team: {
    memberId: MemberId;
    role: "assistant" | "account_planner" | "account_manager" | "project_manager";
  }[];
  private counter = 0;
  private readonly renewalsHandled = new Set<string>();
  private statusChangeAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly world: DemoWorld,
    private readonly plan: AccountPlan,
  ) {
    this.rng = forkRandom(world.seed, "account", plan.index);
    this.tl = new Timeline(world.nowMs);
    this.issue = world.issue;
    this.id = accountIdOf(plan.index);
    this.unit = plan.index % 2 === 0 ? "agency" : "it";
    const unit = world.team.units[this.unit];
    this.owner = unit.executives[this.rng.int(0, unit.executives.length - 1)]!;
    this.target =
      plan.index < FIRST_STATUSES.length ? FIRST_STATUSES[plan.index]! : this.rng.weighted(STATUS_WEIGHTS);
    const sectors: readonly { industry: string; suffixes: readonly string[] }[] =
      this.unit === "agency" ? AGENCY_INDUSTRIES : IT_INDUSTRIES;
    const sector = this.rng.pick(sectors);
    this.industry = sector.industry;
    this.name = companyName(this.rng.pick(PREFIXES), this.rng.pick(sector.suffixes), plan.index);
    this.domain = `${ascii(this.name).replace(/[^a-z0-9]+/g, "-")}.example`;
    const specialist = unit.specialists[this.rng.int(0, unit.specialists.length - 1)]!;
    this.team = [
      { memberId: unit.assistants[this.rng.int(0, unit.assistants.length - 1)]!, role: "assistant" },
      { memberId: specialist, role: this.unit === "agency" ? "account_planner" : "account_manager" },
      { memberId: unit.projectManagers[0]!, role: "project_manager" },
    ];
  }

  /**
   * The client's size and region, from a random stream of their own so that adding them changed nothing else the
   * demo draws: agency clients are brands of 200–20,000 people, IT clients organisations of 1,000–60,000.
   */
  private facts(): { employees: number; annualRevenue: Money; region: string } {
    const rng = forkRandom(this.world.seed, "account-facts", this.plan.index);
    const [low, high] = this.unit === "agency" ? [200, 20_000] : [1_000, 60_000];
    const employees = Math.round(rng.int(low, high) / 50) * 50;
    // Revenue per head between 120 and 400 thousand euros, in whole thousands.
    const annualRevenue = eur(employees * rng.int(120, 400) * 1_000);
    return { employees, annualRevenue, region: rng.pick(DEMO_REGIONS) };
  }

  private next(prefix: string): string {
    this.counter++;
    return `${this.id}-${prefix}${this.counter}`;
  }

  private get now(): number {
    return this.world.nowMs;
  }

  /** A moment in business hours (08:00–18:00 UTC) on the day of `ms`. */
  private workTime(ms: number, rng: Random = this.rng): number {
    return ms - (ms % DAY) + 8 * HOUR + rng.int(0, 600) * MINUTE;
  }

  private supervisor(): MemberId {
    return this.world.team.managerOf.get(this.owner)!;
  }

  private specialist(): MemberId {
    return this.team[1]!.memberId;
  }

  private accountState(): { readonly status: AccountStatus | "none" } {
    return this.issue.state<Account | { status: "none" }>(this.id);
  }

  run(): void {
    const deals = this.planDeals();
    const established = ESTABLISHED.includes(this.target);
    const firstDeal = deals.reduce((m, d) => Math.min(m, d.created), this.now - 2 * DAY);
    const created = established
      ? this.now - this.rng.int(400, 1_000) * DAY
      : firstDeal - this.rng.int(1, 10) * DAY;
    this.tl.at(this.workTime(created), (t) => this.create(t));
    if (established) this.planClientHistory(created);
    for (const d of deals) this.planDeal(d);
    if (this.target === "archived") {
      const lastClose = deals.reduce((m, d) => Math.max(m, d.stageAt[d.stopsIn]!), created);
      this.tl.at(Math.min(this.now - HOUR, lastClose + this.rng.int(3, 20) * DAY), (t) => {
        if (this.accountState().status === "prospect")
          this.issue.account(
            this.id,
            { type: "Archive", reason: "No deal in a year: taken off the list" },
            this.supervisor(),
            t,
          );
      });
    }
    this.planWork(created);
    this.adminWork();
    if (this.target === "active" || this.target === "at_risk") this.accountPlan();
    this.tl.run();
  }

  // ── The account, its people and its lifecycle ─────────────────────────────────────────────────────────

  private create(t: number): void {
    this.issue.account(
      this.id,
      {
        type: "CreateAccount",
        accountId: this.id,
        name: this.name,
        ownerId: this.owner,
        parentId: null,
        industry: this.industry,
        website: `https://www.${this.domain}`,
        ...this.facts(),
        team: this.team,
        // Names are drawn at random: two clients may share one, as namesakes do in a real CRM.
        allowDuplicate: true,
      },
      this.owner,
      t,
    );
    const people: { roles: ContactRole[]; title: string }[] =
      this.unit === "agency"
        ? [
            { roles: ["decision_maker", "signer"], title: "Chief Marketing Officer" },
            { roles: ["champion"], title: "Brand Manager" },
            { roles: ["billing"], title: "Procurement Lead" },
          ]
        : [
            { roles: ["decision_maker", "signer"], title: "Chief Information Officer" },
            { roles: ["champion"], title: "Head of IT Operations" },
            { roles: ["billing"], title: "Vendor Manager" },
          ];
    for (let i = this.rng.int(0, 2); i > 0; i--)
      people.push({ roles: ["influencer"], title: "Project Lead" });
    people.forEach((p, i) => {
      const id = `${this.id}-c${i + 1}` as ContactId;
      const first = this.rng.pick(FIRST_NAMES);
      const last = this.rng.pick(LAST_NAMES);
      this.issue.contact(
        id,
        {
          type: "AddContact",
          contactId: id,
          accountId: this.id,
          name: `${first} ${last}`,
          email: `${ascii(first)}.${ascii(last)}@${this.domain}`,
          phone: null,
          title: p.title,
          roles: p.roles,
          reportsToId: i === 0 ? null : this.contacts[0]!,
          sentiment: this.rng.pick(["supporter", "neutral", "neutral", "detractor"] as const),
        },
        this.owner,
        t + (i + 1) * MINUTE,
      );
      this.contacts.push(id);
    });
    // Some influencers move on; a deal's decision maker never does here, so won deals keep their criteria.
    const leaver = this.contacts[3];
    if (leaver && this.rng.chance(0.4)) {
      this.tl.at(Math.max(t + 30 * DAY, this.now - this.rng.int(5, 200) * DAY), (at) =>
        this.issue.state<{ status: string }>(leaver).status === "active"
          ? this.issue.contact(leaver, { type: "MarkLeft", reason: "Left the company" }, this.owner, at)
          : undefined,
      );
    }
  }

  /** An established client: a first contract signed long ago, onboarding completed, and where it stands now. */
  private planClientHistory(created: number): void {
    const signAt = created + this.rng.int(20, 60) * DAY;
    this.planContract({
      start: this.workTime(signAt - this.rng.int(5, 12) * DAY),
      signAt: this.workTime(signAt),
      opportunityId: null,
      title: `${this.name} master services agreement`,
      value: this.unit === "agency" ? eur(this.rng.int(6, 40) * 10_000) : eur(this.rng.int(8, 60) * 50_000),
      previous: null,
      onSigned: (t) => {
        this.tl.at(t + this.rng.int(30, 60) * DAY, (at) => {
          if (this.accountState().status === "onboarding")
            this.issue.account(this.id, { type: "CompleteOnboarding" }, this.owner, at);
        });
      },
    });
    const r = this.rng;
    switch (this.target) {
      case "at_risk":
        this.statusChangeAt = this.now - r.int(5, 60) * DAY;
        this.tl.at(this.statusChangeAt, (t) =>
          this.flagAtRisk(t, "Usage down 30% and the sponsor is leaving"),
        );
        break;
      case "churned": {
        this.statusChangeAt = this.now - r.int(20, 90) * DAY;
        this.tl.at(this.statusChangeAt - r.int(20, 50) * DAY, (t) =>
          this.flagAtRisk(t, "Escalations unresolved for weeks"),
        );
        this.tl.at(this.statusChangeAt, (t) => this.churn(t));
        break;
      }
      case "dormant":
        this.statusChangeAt = this.now - r.int(30, 120) * DAY;
        this.tl.at(this.statusChangeAt, (t) => {
          const s = this.accountState().status;
          if (s === "active" || s === "at_risk")
            this.issue.account(
              this.id,
              { type: "MarkDormant", reason: "No new project since the last campaign" },
              this.owner,
              t,
            );
        });
        break;
      default:
        if (r.chance(0.3)) {
          const flagged = this.now - r.int(150, 250) * DAY;
          this.tl.at(flagged, (t) => this.flagAtRisk(t, "Budget cuts announced by the client"));
          this.tl.at(flagged + r.int(20, 60) * DAY, (t) => {
            if (this.accountState().status === "at_risk")
              this.issue.account(this.id, { type: "Recover" }, this.owner, t);
          });
        }
    }
  }

  private flagAtRisk(t: number, reason: string): void {
    if (this.accountState().status === "active")
      this.issue.account(this.id, { type: "FlagAtRisk", reason }, this.owner, t);
  }

  private churn(t: number): void {
    const s = this.accountState().status;
    if (s !== "onboarding" && s !== "active" && s !== "at_risk") return;
    for (const k of this.contractsOfAccount()) {
      if (BINDING.includes(k.status))
        this.issue.contract(
          k.id,
          { type: "Terminate", reason: "The client ended the relationship" },
          this.supervisor(),
          t,
        );
    }
    this.issue.account(
      this.id,
      { type: "MarkChurned", reason: "Moved to a competitor after the tender" },
      this.owner,
      t + MINUTE,
    );
  }

  private contractsOfAccount(): Contract[] {
    const out: Contract[] = [];
    for (const id of this.contractIds) {
      const c = this.issue.state<Contract | { status: "none" }>(id);
      if (c.status !== "none") out.push(c as Contract);
    }
    return out;
  }

  private readonly contractIds: ContractId[] = [];
  /** The service lines the client has bought (a won deal of that line): more of one of them is an upsell. */
  private readonly linesBought = new Set<string>();

  /** Whether a deal closing at `t` may be won: wins change the account's lifecycle, which the target fixes. */
  private mayWin(t: number, deal: DealPlan): boolean {
    const status = this.accountState().status;
    switch (this.target) {
      case "prospect":
      case "archived":
        return false;
      case "onboarding":
        return deal.first || status === "onboarding";
      default:
        return (
          (status === "onboarding" || status === "active" || status === "at_risk") &&
          t < this.statusChangeAt - 20 * DAY
        );
    }
  }

  // ── Deals ─────────────────────────────────────────────────────────────────────────────────────────────

  private planDeals(): DealPlan[] {
    const out: DealPlan[] = [];
    const firstWinAt = this.now - this.rng.int(10, 45) * DAY;
    const names = new Set<string>();
    for (let k = 0; k < this.plan.deals; k++) {
      const n = this.plan.firstDeal + k;
      const rng = forkRandom(this.world.seed, "deal", n);
      const span = rng.int(3, 12);
      const days = [rng.int(2, 15), rng.int(5, 25), rng.int(5, 20), span + rng.int(2, 15)];
      const total = days.reduce((a, b) => a + b, 0);
      const first = this.target === "onboarding" && k === 0;
      let created: number;
      if (first) created = firstWinAt - total * DAY;
      else if (this.target === "archived") created = this.now - rng.int(150, 365) * DAY;
      else created = this.now - rng.int(3, 365) * DAY;
      created = this.workTime(created, rng);
      const stageAt: [number, number, number, number] = [0, 0, 0, 0];
      let t = created;
      days.forEach((d, i) => {
        t += d * DAY;
        stageAt[i] = i === 3 && first ? firstWinAt : this.workTime(t, rng);
      });
      const drawn = first
        ? "won"
        : this.target === "archived"
          ? "lost"
          : rng.weighted({ won: 40, lost: 38, stalled: 22 } as const);
      // A deal stalled for months would have been closed as lost by any AE: only recent ones are left open.
      const outcome = drawn === "stalled" && created < this.now - STALLED_AT_MOST * DAY ? "lost" : drawn;
      const kind = this.unit === "agency" ? rng.pick(AGENCY_DEALS) : rng.pick(IT_DEALS);
      const amount = this.unit === "agency" ? eur(rng.int(2, 60) * 5_000) : eur(rng.int(4, 120) * 25_000);
      out.push({
        id: dealId(n),
        rng,
        created,
        stageAt,
        outcome,
        stopsIn: outcome === "won" ? 3 : rng.int(0, 3),
        contractSpan: span,
        amount,
        name: this.dealName(kind, dayOf(created), names),
        serviceLine: SERVICE_LINE_OF[kind],
        // An open deal's expected close lies ahead of today, as its owner would keep it.
        closeDate: dayOf(
          outcome === "stalled"
            ? Math.max(stageAt[3], this.now) + rng.int(7, 75) * DAY
            : stageAt[3] + rng.int(0, 10) * DAY,
        ),
        first,
      });
    }
    return out;
  }

  /**
   * "Acme – media buying 2026", or, when the account has a deal of that name already, the quarter ("… Q3 2026"),
   * then a number: two deals of one client never read the same on a board or in a search.
   */
  private dealName(kind: string, createdOn: string, taken: Set<string>): string {
    const year = createdOn.slice(0, 4);
    const quarter = `Q${Math.floor((Number(createdOn.slice(5, 7)) - 1) / 3) + 1}`;
    const tries = [`${this.name} – ${kind} ${year}`, `${this.name} – ${kind} ${quarter} ${year}`];
    let name = tries.find((t) => !taken.has(t));
    for (let n = 2; name === undefined; n++) {
      const numbered = `${tries[1]} (${n})`;
      if (!taken.has(numbered)) name = numbered;
    }
    taken.add(name);
    return name;
  }

  private dealState(id: OpportunityId): Opportunity | { status: "none" } {
    return this.issue.state<Opportunity | { status: "none" }>(id);
  }

  private isOpenIn(id: OpportunityId, stage: string): boolean {
    const d = this.dealState(id);
    return d.status === "open" && (d as Opportunity).stageId === stage;
  }

  private planDeal(d: DealPlan): void {
    const r = d.rng;
    const [discovery, proposal, negotiation, close] = d.stageAt;
    const stages = [d.created, discovery, proposal, negotiation, close];
    this.tl.at(d.created, (t) => {
      const hasClientContract = this.contractsOfAccount().some((k) => BINDING.includes(k.status));
      this.issue.opportunity(
        d.id,
        {
          type: "CreateOpportunity",
          opportunityId: d.id,
          accountId: this.id,
          ownerId: this.owner,
          name: d.name,
          // More of what the client already buys is an upsell; a line new to them is new business, client or not.
          opportunityType:
            hasClientContract && this.linesBought.has(d.serviceLine) ? "upsell" : "new_business",
          amount: d.amount,
          closeDate: d.closeDate,
          needs: [],
          budget: null,
          stakeholderIds: [],
          serviceLine: d.serviceLine,
        },
        this.owner,
        t,
      );
      this.logActivity(t + HOUR, {
        kind: "call",
        subject: "Introduction call",
        dealId: d.id,
        contactIds: [this.contacts[1]!],
      });
      // Most deals are tended: a call or an e-mail every few weeks while they are open (which keeps them from
      // rotting); a deal that stalls is neglected from then on.
      if (r.chance(0.75)) {
        const stalledAt =
          d.outcome === "stalled" ? stages[d.stopsIn]! + r.int(0, 10) * DAY : Number.POSITIVE_INFINITY;
        this.tend(d.id, t, stalledAt, r);
      }
      // A deal that will still be open today often has its next meeting in the diary, which keeps it from rotting.
      if (close > this.now && r.chance(0.4)) {
        this.tl.at(this.now - r.int(1, 72) * HOUR, (at) => {
          if (this.dealState(d.id).status === "open")
            this.planMeeting(at, at + r.int(1, 20) * DAY, d.id, "Next steps");
        });
      }
    });
    // Each stage's work, then the move out of it, unless the deal is lost or stalls there.
    for (let stage = 0; stage < 4; stage++) {
      const from = NEW_BUSINESS_STAGES[stage]!;
      const enteredAt = stages[stage]!;
      const leaveAt = stages[stage + 1]!;
      const workAt = enteredAt + Math.floor((leaveAt - enteredAt) * 0.4);
      if (stage === 1)
        this.tl.at(workAt, (t) => {
          if (!this.isOpenIn(d.id, "discovery")) return;
          this.issue.opportunity(d.id, { type: "RecordNeed", need: r.pick(NEEDS) }, this.owner, t);
          const budget = money(
            Math.floor((d.amount.amount * r.int(90, 130)) / 100 / 100_000) * 100_000,
            "EUR",
          );
          this.issue.opportunity(d.id, { type: "SetBudget", budget }, this.owner, t + MINUTE);
          if (r.chance(0.6)) this.meeting(t + HOUR, d.id, "Discovery workshop");
        });
      if (stage === 2)
        this.tl.at(workAt, (t) => {
          if (!this.isOpenIn(d.id, "proposal")) return;
          this.issue.opportunity(
            d.id,
            { type: "AddStakeholder", contactId: this.contacts[0]! },
            this.owner,
            t,
          );
          this.issue.opportunity(
            d.id,
            { type: "SetProposal", amount: d.amount, summary: `Proposal for ${d.name}`, sentOn: dayOf(t) },
            this.owner,
            t + MINUTE,
          );
        });
      const stopsHere = d.outcome !== "won" && d.stopsIn === stage;
      if (stopsHere) {
        if (d.outcome === "lost") this.tl.at(leaveAt, (t) => this.lose(d, t));
        if (stage === 3 && d.outcome === "lost" && r.chance(0.2))
          this.draftWithdrawnContract(d, enteredAt, leaveAt);
        // A deal that went quiet is closed as lost at the next pipeline review, two to four months on.
        if (d.outcome === "stalled" && r.chance(0.85))
          this.tl.at(enteredAt + r.int(45, 100) * DAY, (t) =>
            this.lose(d, t, "No decision: the client went quiet"),
          );
        return;
      }
      if (stage < 3) {
        const to = NEW_BUSINESS_STAGES[stage + 1]!;
        this.tl.at(leaveAt, (t) => {
          if (this.isOpenIn(d.id, from))
            this.issue.opportunity(d.id, { type: "MoveStage", stageId: to as StageId }, this.owner, t);
        });
      }
    }
    // Won: the contract is drafted, approved and signed in the days before the close.
    const start = close - d.contractSpan * DAY;
    this.tl.at(start, (t) => {
      if (!this.isOpenIn(d.id, "negotiation")) return;
      if (!this.mayWin(close, d)) {
        this.tl.at(close, (at) => this.lose(d, at));
        return;
      }
      const existing = this.contractsOfAccount().find((k) => BINDING.includes(k.status));
      if (existing && !d.first && r.chance(0.6)) {
        // An upsell under the client's master agreement: no new contract, the deal links the one in force.
        this.tl.at(close, (at) => this.win(d.id, existing.id, at));
        return;
      }
      this.planContract({
        start: t,
        signAt: close - 2 * HOUR,
        opportunityId: d.id,
        title: d.name,
        value: d.amount,
        previous: null,
        onSigned: (_signed, contractId) => this.tl.at(close, (at) => this.win(d.id, contractId, at)),
      });
    });
  }

  /** A follow-up call or e-mail on the deal every 10 to 25 days while it is open, until `until`. */
  private tend(deal: OpportunityId, from: number, until: number, r: Random): void {
    const next = this.workTime(from + r.int(10, 25) * DAY, r);
    if (next > until) return;
    this.tl.at(next, (t) => {
      if (this.dealState(deal).status !== "open") return;
      const kind = r.chance(0.5) ? "call" : "email";
      this.logActivity(t, { kind, subject: "Follow-up", dealId: deal, contactIds: [this.contacts[1]!] });
      this.tend(deal, t, until, r);
    });
  }

  private lose(d: DealPlan, t: number, reason?: string): void {
    const s = this.dealState(d.id);
    if (s.status === "open")
      this.issue.opportunity(
        d.id,
        { type: "CloseAsLost", lossReason: reason ?? d.rng.pick(LOSS_REASONS) },
        this.owner,
        t,
      );
  }

  private win(deal: OpportunityId, contractId: ContractId, t: number): void {
    const s = this.dealState(deal);
    if (s.status !== "open") return;
    const k = this.issue.state<Contract | { status: "none" }>(contractId);
    if (!BINDING.includes(k.status)) return;
    if ((s as Opportunity).contractId !== contractId)
      this.issue.opportunity(deal, { type: "LinkContract", contractId }, this.owner, t);
    this.issue.opportunity(deal, { type: "CloseAsWon" }, this.owner, t + MINUTE);
    const line = (s as Opportunity).serviceLine;
    if (line) this.linesBought.add(line);
  }

  private draftWithdrawnContract(d: DealPlan, from: number, lostAt: number): void {
    const id = this.next("k") as ContractId;
    this.tl.at(from + Math.floor((lostAt - from) / 3), (t) => {
      if (!this.isOpenIn(d.id, "negotiation")) return;
      this.createContract(id, t, {
        opportunityId: d.id,
        title: `${d.name} (draft)`,
        value: d.amount,
        startDate: startOfMonth(addMonths(dayOf(lostAt), 1)),
        previous: null,
      });
      this.issue.contract(id, { type: "StartNegotiation" }, this.owner, t + HOUR);
    });
    this.tl.at(lostAt, (t) => {
      const k = this.issue.state<Contract | { status: "none" }>(id);
      if (k.status === "draft" || k.status === "in_negotiation" || k.status === "pending_approval")
        this.issue.contract(
          id,
          { type: "Withdraw", reason: "The client chose another supplier" },
          this.owner,
          t,
        );
    });
  }

  // ── Contracts ─────────────────────────────────────────────────────────────────────────────────────────

  private terms(): { term: Duration; noticePeriod: Duration; autoRenewal: boolean } {
    return this.unit === "agency"
      ? {
          term: { unit: "months", count: 12 },
          noticePeriod: { unit: "months", count: 3 },
          autoRenewal: this.rng.chance(0.85),
        }
      : {
          term: { unit: "months", count: this.rng.pick([24, 36]) },
          noticePeriod: { unit: "months", count: 6 },
          autoRenewal: this.rng.chance(0.7),
        };
  }

  private createContract(
    id: ContractId,
    t: number,
    o: {
      opportunityId: OpportunityId | null;
      title: string;
      value: Money;
      startDate: CalendarDate;
      previous: Contract | null;
    },
  ): void {
    const terms = o.previous
      ? { term: o.previous.term, noticePeriod: o.previous.noticePeriod, autoRenewal: o.previous.autoRenewal }
      : this.terms();
    const towerNames = this.unit === "it" ? this.rng.sample(IT_TOWERS, this.rng.int(2, 4)) : [];
    const values =
      towerNames.length > 0
        ? allocate(
            o.value,
            towerNames.map(() => this.rng.int(1, 4)),
          )
        : [];
    this.issue.contract(
      id,
      {
        type: "CreateContract",
        contractId: id,
        accountId: this.id,
        opportunityId: o.opportunityId,
        ownerId: this.owner,
        title: o.title.slice(0, 300),
        value: o.value,
        // An agency plans its cost on the contract (no towers); 60–76 % of the value, varied without drawing
        // from the generator so the rest of the demo stays as it was.
        plannedCost:
          towerNames.length === 0
            ? money(Math.floor((o.value.amount * (60 + (o.value.amount % 17))) / 100), o.value.currency)
            : null,
        discountPercent: this.rng.pick([0, 0, 0, 5, 8, 10, 12]),
        startDate: o.startDate,
        ...terms,
        renewalTerm: null,
        towers: towerNames.map((name, i) => {
          const value = values[i]!;
          return {
            id: `${id}-t${i + 1}` as TowerId,
            name,
            accountManagerId: this.specialist(),
            value,
            cost: money(Math.floor((value.amount * this.rng.int(68, 85)) / 100), value.currency),
            renewalDate: null,
          };
        }),
        // An IT project (a migration, a refresh) bills by milestone: 40 % when the design is signed off, the rest
        // at go-live; completing each drafts its invoice (`scheduleMilestones`). No draw from the random source.
        milestones: this.isProject(o.title)
          ? [
              {
                id: `${id}-m1` as MilestoneId,
                title: "Design signed off",
                dueDate: addMonths(o.startDate, 2),
                amount: money(Math.floor((o.value.amount * 40) / 100), o.value.currency),
              },
              {
                id: `${id}-m2` as MilestoneId,
                title: "Go-live",
                dueDate: addMonths(o.startDate, 6),
                amount: money(o.value.amount - Math.floor((o.value.amount * 40) / 100), o.value.currency),
              },
            ]
          : [],
        // The account team's project manager runs delivery (joins the team at the handover if not on it).
        projectManagerIds: this.team.filter((m) => m.role === "project_manager").map((m) => m.memberId),
        previousContractId: o.previous?.id ?? null,
      },
      this.owner,
      t,
    );
    // An agency's retainer bills by its schedule, a quarter at a time from its start, billed by the sweep
    // (`scheduleRetainer`) instead of the quarterly invoices other contracts get. No draw from the random source.
    if (this.unit === "agency" && /retainer/i.test(o.title)) {
      const quarters = Math.max(1, (terms.term.unit === "months" ? terms.term.count : 12) / 3);
      this.issue.contract(
        id,
        {
          type: "SetBillingSchedule",
          amount: money(Math.floor(o.value.amount / quarters), o.value.currency),
          period: "quarterly",
          issueDay: 1,
        },
        this.owner,
        t,
      );
    }
    this.contractIds.push(id);
  }

  /** Drafts, negotiates, submits, has approved (by whoever the ladder names) and signs a contract. */
  private planContract(o: {
    start: number;
    signAt: number;
    opportunityId: OpportunityId | null;
    title: string;
    value: Money;
    previous: Contract | null;
    startDate?: CalendarDate;
    onSigned: (t: number, contractId: ContractId) => void;
  }): void {
    const id = this.next("k") as ContractId;
    const step = (o.signAt - o.start) / 5;
    const startDate = o.startDate ?? startOfMonth(addMonths(dayOf(o.signAt), 1));
    this.tl.at(o.start, (t) => {
      this.createContract(id, t, { ...o, startDate });
      this.tl.at(t + step, (t1) => {
        this.issue.contract(id, { type: "StartNegotiation" }, this.owner, t1);
        this.tl.at(t1 + step, (t2) => {
          this.issue.contract(id, { type: "SubmitForApproval" }, this.owner, t2);
          this.tl.at(t2 + step, (t3) => {
            this.issue.contract(id, { type: "Approve" }, this.approver(id), t3);
            this.tl.at(o.signAt, (t4) => {
              if (this.issue.state<Contract>(id).status !== "pending_approval") return;
              this.issue.contract(id, { type: "Sign" }, this.owner, t4);
              this.workHandover(id);
              this.scheduleSweep(id);
              this.scheduleRetainer(id);
              this.scheduleMilestones(id);
              o.onSigned(t4, id);
            });
          });
        });
      });
    });
  }

  /**
   * The team works through the handover's kickoff tasks and onboarding checklist: each done by its assignee the
   * day before it is due (those due after the demo's now stay open). No draw from the random source.
   */
  private workHandover(contractId: ContractId): void {
    const c = this.issue.state<ContractState>(contractId);
    if (c.status === "none" || c.handedOverAt === null) return;
    const plan = handoverPlan(c, this.world.settings.handover, dateOf(c.handedOverAt));
    for (const task of plan.tasks) {
      this.tl.at(Date.parse(task.dueDate) - DAY + 10 * HOUR, (at) => {
        const status = this.issue.state<{ status: string }>(task.taskId).status;
        if (status === "open" || status === "in_progress")
          this.issue.task(task.taskId, { type: "CompleteTask" }, task.assigneeId, at);
      });
    }
  }

  /** The member whose authority the approval ladder asks for: the owner's supervisor, the director, the admin. */
  private approver(id: ContractId): MemberId {
    const c = this.issue.state<Contract>(id);
    const route = routeApproval(c, this.world.settings.approvalAuthority);
    const role = route.ok ? route.value.requiredApprovals[0] : "admin";
    if (role === "supervisor") return this.supervisor();
    if (role === "director") return this.world.team.units[this.unit].director;
    return this.world.team.admin;
  }

  /** The nightly sweep of the past: applies a contract's time-driven moves on the day they fall due. */
  private scheduleSweep(id: ContractId): void {
    const c = this.issue.state<Contract>(id);
    const renewals = this.world.settings.renewals;
    const due =
      c.status === "signed"
        ? activationDueOn(c)
        : c.status === "active"
          ? noticeWindowOpensOn(c, renewals)
          : c.status === "expiring"
            ? (tacitRenewalDueOn(c) ?? expiryDueOn(c))
            : null;
    if (due === null) return;
    const nextNight = sweepMomentOf(addDays(dayOf(this.tl.time), 1));
    const at = Math.max(sweepMomentOf(due), this.tl.time < sweepMomentOf(due) ? 0 : nextNight);
    this.tl.at(at, (t) => {
      let k = this.issue.state<Contract>(id);
      if (!BINDING.includes(k.status)) return;
      for (const command of dueContractCommands(k, dayOf(t), renewals)) {
        const because = contractReason(command.type, k, renewals);
        this.issue.contract(id, command, SYSTEM_ACTOR.memberId, t, because);
        // Read back after the follow-ups: entering the window links the renewal deal it opened.
        k = this.issue.state<Contract>(id);
        if (command.type === "Activate") this.onActivated(k, t);
        if (command.type === "EnterNoticeWindow") this.onNoticeWindow(k, t);
      }
      this.scheduleSweep(id);
    });
  }

  /**
   * The nightly sweep of the past for a retainer: bills each period of its schedule on the night of its issue day
   * (`BillRetainerPeriod`, whose follow-up drafts the period's invoice), as the real sweep does; finance issues
   * the draft and the client pays it five days before it is due. No draw from the random source.
   */
  private scheduleRetainer(id: ContractId): void {
    const c = this.issue.state<Contract>(id);
    if (!BINDING.includes(c.status)) return;
    const period = nextRetainerPeriod(c);
    if (period === null) return;
    const due = sweepMomentOf(period.issueOn);
    const at = this.tl.time < due ? due : sweepMomentOf(addDays(dayOf(this.tl.time), 1));
    this.tl.at(at, (t) => {
      const k = this.issue.state<Contract>(id);
      if (!BINDING.includes(k.status)) return;
      for (const p of dueRetainerPeriods(k, dayOf(t))) {
        this.issue.contract(id, { type: "BillRetainerPeriod" }, SYSTEM_ACTOR.memberId, t, retainerReason(p));
        this.settleDraftedInvoice(p.invoiceId, `R${p.start.replaceAll("-", "")}`, t);
      }
      this.scheduleRetainer(id);
    });
  }

  private isProject(title: string): boolean {
    return this.unit === "it" && /migration|refresh/i.test(title);
  }

  /**
   * The owner completes each milestone on its due day; completing one with an amount drafts its invoice (a
   * follow-up), which finance issues and the client pays. No draw from the random source.
   */
  private scheduleMilestones(id: ContractId): void {
    for (const m of this.issue.state<Contract>(id).milestones) {
      this.tl.at(Date.parse(m.dueDate) + 10 * HOUR, (t) => {
        const k = this.issue.state<Contract>(id);
        if (!BINDING.includes(k.status) || k.milestones.find((x) => x.id === m.id)?.doneOn !== null) return;
        this.issue.contract(
          id,
          { type: "CompleteMilestone", milestoneId: m.id, doneOn: m.dueDate },
          this.owner,
          t,
        );
        this.settleDraftedInvoice(
          milestoneInvoiceId(id, m.id),
          `M${m.id.slice(-1)}${m.dueDate.replaceAll("-", "")}`,
          t,
        );
      });
    }
  }

  /** Finance issues an invoice the sweep or a milestone drafted, the next morning; the client pays it 5 days early. */
  private settleDraftedInvoice(id: InvoiceId, suffix: string, billedAt: number): void {
    const finance = this.world.team.finance[this.plan.index % this.world.team.finance.length]!;
    const issueAt = billedAt - (billedAt % DAY) + DAY + 9 * HOUR;
    this.tl.at(issueAt, (t) => {
      if (this.issue.state<Invoice>(id).status !== "draft") return;
      const issued = this.issue.invoice(
        id,
        {
          type: "Issue",
          number: `${dayOf(t).slice(0, 4)}-${pad(this.plan.index, 6)}-${suffix}`,
          issuedOn: dayOf(t),
        },
        finance,
        t,
      ) as Invoice;
      const paidOn = Date.parse(addDays(issued.dueDate, -5));
      this.tl.at(Math.max(t + HOUR, paidOn + 11 * HOUR), (at) => {
        const s = this.issue.state<Invoice>(id).status;
        if (s === "issued" || s === "overdue") this.issue.invoice(id, { type: "RecordPayment" }, finance, at);
      });
    });
  }

  private onActivated(c: Contract, t: number): void {
    this.quarter(c.id, c.startDate, 0, t);
  }

  /** Each quarter of a contract in force: an invoice (drafted by the owner, issued by finance) and costs. */
  private quarter(id: ContractId, startDate: CalendarDate, n: number, after: number): void {
    const at = Math.max(after, this.workTime(Date.parse(addMonths(startDate, 3 * n)) + 5 * DAY));
    this.tl.at(at, (t) => {
      const c = this.issue.state<Contract>(id);
      if (c.status !== "active" && c.status !== "expiring") return;
      // Keep a year of books: older quarters are not generated.
      if (t >= this.now - YEAR) {
        // A retainer's invoices come from its billing schedule (`scheduleRetainer`), a project's from its
        // milestones (`scheduleMilestones`).
        if (c.billingSchedule === null && !c.milestones.some((m) => m.amount !== null)) this.invoice(c, t, n);
        this.costs(c, t);
      }
      this.quarter(id, startDate, n + 1, t);
    });
  }

  private invoice(c: Contract, t: number, n: number): void {
    const id = this.next("inv") as InvoiceId;
    const quarters = Math.max(1, (c.term.unit === "months" ? c.term.count : 12) / 3);
    const lines: InvoiceLine[] =
      c.towers.length > 0
        ? c.towers.map((tw) => ({
            description: `${tw.name}, quarter ${n + 1}`,
            quantity: "1",
            unitPrice: money(Math.floor(tw.value.amount / quarters), "EUR"),
            towerId: tw.id,
            milestoneId: null,
            period: null,
          }))
        : [
            {
              description: `Retainer, quarter ${n + 1}`,
              quantity: "1",
              unitPrice: money(Math.floor(c.value.amount / quarters), "EUR"),
              towerId: null,
              milestoneId: null,
              period: null,
            },
          ];
    const dueDate = addDays(dayOf(t), 30);
    this.issue.invoice(
      id,
      {
        type: "DraftInvoice",
        invoiceId: id,
        accountId: this.id,
        contractId: c.id,
        currency: c.value.currency,
        lines,
        dueDate,
      },
      this.owner,
      t,
    );
    const finance = this.world.team.finance[this.plan.index % this.world.team.finance.length]!;
    this.issue.invoice(
      id,
      {
        type: "Issue",
        number: `${dayOf(t).slice(0, 4)}-${pad(this.plan.index, 6)}-${this.counter}`,
        issuedOn: dayOf(t),
      },
      finance,
      t + 2 * HOUR,
    );
    const dueMs = Date.parse(dueDate);
    const fate = this.rng.weighted({ onTime: 70, late: 18, unpaid: 12 } as const);
    if (fate !== "unpaid") {
      const paidAt =
        fate === "onTime" ? dueMs - this.rng.int(1, 20) * DAY : dueMs + this.rng.int(2, 40) * DAY;
      this.tl.at(this.workTime(paidAt), (at) => {
        const s = this.issue.state<Invoice>(id).status;
        if (s === "issued" || s === "overdue") this.issue.invoice(id, { type: "RecordPayment" }, finance, at);
      });
    } else if (this.rng.chance(0.4)) {
      this.tl.at(this.workTime(dueMs + this.rng.int(90, 120) * DAY), (at) => {
        if (this.issue.state<Invoice>(id).status === "overdue")
          this.issue.invoice(id, { type: "WriteOff", reason: "Client in receivership" }, finance, at);
      });
    }
    // The nightly sweep the day after the due date.
    this.tl.at(sweepMomentOf(addDays(dueDate, 1)), (at) => {
      const inv = this.issue.state<Invoice>(id);
      for (const command of dueInvoiceCommands(inv, dayOf(at)))
        this.issue.invoice(
          id,
          command,
          SYSTEM_ACTOR.memberId,
          at,
          `it was due on ${spellFullDate(inv.dueDate)} and is unpaid`,
        );
    });
  }

  private costs(c: Contract, t: number): void {
    const finance = this.world.team.finance[this.plan.index % this.world.team.finance.length]!;
    const quarters = Math.max(1, (c.term.unit === "months" ? c.term.count : 12) / 3);
    const parts =
      c.towers.length > 0
        ? c.towers.map((tw) => ({ towerId: tw.id, base: tw.cost.amount, what: tw.name }))
        : [{ towerId: null, base: Math.floor((c.value.amount * 7) / 10), what: "Campaign production" }];
    parts.forEach((p, i) => {
      const id = this.next("cost") as CostEntryId;
      this.issue.cost(
        id,
        {
          type: "RecordCost",
          costEntryId: id,
          accountId: this.id,
          contractId: c.id,
          towerId: p.towerId,
          date: dayOf(t),
          category:
            this.unit === "agency"
              ? this.rng.pick(["labour", "media", "subcontractor"] as const)
              : this.rng.pick(["labour", "software", "subcontractor"] as const),
          description: `${p.what}, ${dayOf(t).slice(0, 7)}`,
          amount: money(Math.floor((p.base * this.rng.int(85, 110)) / 100 / quarters), "EUR"),
          hours: null,
        },
        finance,
        t + (3 + i) * HOUR,
      );
    });
  }

  /** The renewal deal the notice window opened: worked, then renewed by a new contract, tacitly, or lost. */
  private onNoticeWindow(c: Contract, t: number): void {
    const dealIdOf = c.renewalOpportunityId;
    if (dealIdOf === null || this.renewalsHandled.has(dealIdOf)) return;
    if (this.dealState(dealIdOf).status !== "open") return;
    this.renewalsHandled.add(dealIdOf);
    const r = this.rng;
    const deadline = Date.parse(noticeDeadline(c.endDate, c.noticePeriod));
    const worked = this.workTime(t + r.int(3, 15) * DAY);
    this.tend(dealIdOf, t, Number.POSITIVE_INFINITY, r);
    this.tl.at(worked, (at) => {
      if (!this.isOpenIn(dealIdOf, "renewal_review")) return;
      this.issue.opportunity(
        dealIdOf,
        { type: "AddStakeholder", contactId: this.contacts[0]! },
        this.owner,
        at,
      );
      const amount = money(Math.floor((c.value.amount * r.int(100, 110)) / 100 / 100_000) * 100_000, "EUR");
      this.issue.opportunity(
        dealIdOf,
        { type: "SetProposal", amount, summary: "Renewal on current terms", sentOn: dayOf(at) },
        this.owner,
        at + MINUTE,
      );
      this.issue.opportunity(
        dealIdOf,
        { type: "MoveStage", stageId: "renewal_proposal" as StageId },
        this.owner,
        at + 2 * MINUTE,
      );
      const status = this.accountState().status;
      const healthy = status === "onboarding" || status === "active";
      const leaving = this.target === "churned" || this.target === "dormant";
      const path =
        !healthy || leaving
          ? "lost"
          : r.weighted({ contract: 45, tacit: c.autoRenewal ? 35 : 0, lost: 20 } as const);
      // A renewal is negotiated for days or weeks after its proposal, before it is signed — or lost there: the
      // metrics page read "Renewal negotiation: 100 % conversion in 0.0 days" when every deal entered the stage a
      // minute before it was won. Its own random numbers, so the rest of the account's story is drawn as before.
      const n = forkRandom(this.world.seed, "renewal-negotiation", dealIdOf);
      const negotiate = (before: number) => {
        const from = at + n.int(4, 12) * DAY;
        if (from >= before - DAY) return;
        this.tl.at(this.workTime(n.int(from, before - DAY), n), (when) => {
          if (this.isOpenIn(dealIdOf, "renewal_proposal"))
            this.issue.opportunity(
              dealIdOf,
              { type: "MoveStage", stageId: "renewal_negotiation" as StageId },
              this.owner,
              when,
            );
        });
      };
      const stillOpen = () =>
        this.isOpenIn(dealIdOf, "renewal_proposal") || this.isOpenIn(dealIdOf, "renewal_negotiation");
      if (path === "contract") {
        const signAt = this.workTime(deadline - r.int(5, 25) * DAY);
        negotiate(signAt);
        this.planContract({
          start: Math.max(at + DAY, signAt - r.int(3, 10) * DAY),
          signAt: Math.max(at + 2 * DAY, signAt),
          opportunityId: dealIdOf,
          title: `${c.title.replace(/ \(renewal \d+\)$/, "")} (renewal ${dayOf(deadline).slice(0, 4)})`,
          value: amount,
          previous: c,
          startDate: addDays(c.endDate, 1),
          onSigned: (signed, renewalId) => {
            if (this.isOpenIn(dealIdOf, "renewal_proposal"))
              // Signed before it was negotiated: it passes through the stage as it is won.
              this.issue.opportunity(
                dealIdOf,
                { type: "MoveStage", stageId: "renewal_negotiation" as StageId },
                this.owner,
                signed + MINUTE,
              );
            this.win(dealIdOf, renewalId, signed + 2 * MINUTE);
            const old = this.issue.state<Contract>(c.id).status;
            if (old === "active" || old === "expiring")
              this.issue.contract(
                c.id,
                { type: "MarkRenewed", renewedById: renewalId },
                this.owner,
                signed + 3 * MINUTE,
              );
          },
        });
      } else if (path === "tacit") {
        const renewsAt = this.workTime(deadline + r.int(2, 12) * DAY);
        negotiate(renewsAt);
        this.tl.at(renewsAt, (later) => {
          if (this.issue.state<Contract>(c.id).status !== "active" || !stillOpen()) return;
          if (this.isOpenIn(dealIdOf, "renewal_proposal"))
            this.issue.opportunity(
              dealIdOf,
              { type: "MoveStage", stageId: "renewal_negotiation" as StageId },
              this.owner,
              later,
            );
          this.win(dealIdOf, c.id, later + MINUTE);
        });
      } else {
        const lostAt = Math.max(at + HOUR, this.workTime(deadline - r.int(3, 30) * DAY));
        // Some renewals are lost in negotiation, the others on the proposal.
        if (n.chance(0.5)) negotiate(lostAt);
        this.tl.at(lostAt, (later) => {
          const k = this.issue.state<Contract>(c.id);
          if (k.status !== "expiring" || !stillOpen()) return;
          if (k.autoRenewal && k.nonRenewalNoticeAt === null && dayOf(later) <= dayOf(deadline))
            this.issue.contract(
              c.id,
              { type: "GiveNotice", reason: "The client will not renew" },
              this.owner,
              later,
            );
          this.issue.opportunity(
            dealIdOf,
            { type: "CloseAsLost", lossReason: "Not renewed: the client re-tendered" },
            this.owner,
            later + MINUTE,
          );
        });
      }
    });
  }

  // ── Everyday work: meetings, tasks, escalations, briefs ──────────────────────────────────────────────

  private logActivity(
    t: number,
    a: {
      kind: "call" | "email" | "meeting" | "note";
      subject: string;
      dealId?: OpportunityId;
      contactIds: ContactId[];
      minutes?: MeetingMinutes;
    },
    actor: MemberId = this.owner,
  ): void {
    const id = this.next("act") as ActivityId;
    this.tl.at(t, (at) => {
      const subject = this.subjectOf(id, a.kind, a.subject, a.dealId ?? null);
      this.issue.activity(
        id,
        {
          type: "LogActivity",
          activityId: id,
          accountId: this.id,
          opportunityId: a.dealId ?? null,
          contractId: null,
          kind: a.kind,
          subject,
          body: null,
          contactIds: a.contactIds,
          at: iso(at),
          direction: a.kind === "call" || a.kind === "email" ? "outbound" : null,
          minutes: a.minutes ?? null,
          visibility: "internal",
        },
        actor,
        at,
      );
    });
  }

  /**
   * An activity's subject, from ACTIVITY_SUBJECTS by its theme or kind, about its deal (its name without the
   * account's) or its account. Drawn from the activity's own generator (seed, its id): no other draw moves.
   */
  private subjectOf(
    id: string,
    kind: keyof typeof ACTIVITY_SUBJECTS,
    theme: string,
    deal: OpportunityId | null,
  ): string {
    const pool: readonly string[] =
      theme in ACTIVITY_SUBJECTS
        ? ACTIVITY_SUBJECTS[theme as keyof typeof ACTIVITY_SUBJECTS]
        : ACTIVITY_SUBJECTS[kind];
    const state = deal === null ? null : this.dealState(deal);
    const dealName = state !== null && state.status !== "none" ? (state as Opportunity).name : null;
    const topic = dealName === null ? this.name : dealName.replace(`${this.name} – `, "");
    return forkRandom(this.world.seed, "subject", id)
      .pick(pool)
      .replaceAll("{theme}", theme)
      .replaceAll("{topic}", topic)
      .replaceAll("{account}", this.name);
  }

  private minutes(): MeetingMinutes {
    return {
      summary: "Reviewed progress, risks and next steps with the client.",
      decisions: this.rng.sample(DECISIONS, this.rng.int(1, 2)),
      actionItems: this.rng.sample(ACTION_ITEMS, this.rng.int(1, 3)),
    };
  }

  private meeting(
    t: number,
    deal: OpportunityId | undefined,
    subject: string,
    actor: MemberId = this.owner,
  ): void {
    this.logActivity(
      t,
      {
        kind: "meeting",
        subject,
        ...(deal ? { dealId: deal } : {}),
        contactIds: this.contacts.slice(0, 2),
        minutes: this.minutes(),
      },
      actor,
    );
  }

  private planMeeting(t: number, when: number, deal: OpportunityId | null, theme: string): ActivityId {
    const id = this.next("act") as ActivityId;
    const subject = this.subjectOf(id, "meeting", theme, deal);
    this.issue.activity(
      id,
      {
        type: "PlanActivity",
        activityId: id,
        accountId: this.id,
        opportunityId: deal,
        contractId: null,
        kind: "meeting",
        subject,
        body: null,
        contactIds: this.contacts.slice(0, 2),
        at: iso(when),
        direction: null,
        visibility: "internal",
        minutes: null,
      },
      this.owner,
      t,
    );
    return id;
  }

  /**
   * The demo admin's own work, so the first login a new user tries has something on Today and in the Inbox: the
   * first three accounts' owners each assign them one open task a few days ago — due yesterday, today and in
   * three days — and the first account's owner has a contract extension waiting for approval since yesterday
   * (every contract waits for an approver the admin's role can stand in for). No draw from the random source, so
   * the rest of the demo stays as it was.
   */
  private adminWork(): void {
    const admin = this.world.team.admin;
    const index = this.plan.index;
    if (index > 2) return;
    const titles = [
      "Review the account team's staffing",
      "Sign off the quarter's pricing exceptions",
      "Prepare the board update on this client",
    ] as const;
    // Ids of their own (not the account's counter), so every other record keeps its id.
    const id = `${this.id}-admintask` as TaskId;
    const assignedOn = this.now - (index + 2) * DAY;
    this.tl.at(assignedOn - (assignedOn % DAY) + 9 * HOUR + index * 17 * MINUTE, (t) =>
      this.issue.task(
        id,
        {
          type: "CreateTask",
          taskId: id,
          accountId: this.id,
          title: titles[index]!,
          assigneeId: admin,
          dueDate: addDays(dayOf(this.now), index - 1),
          agreedWithClient: false,
        },
        this.owner,
        t,
      ),
    );
    if (index !== 0 || this.unit !== "agency") return;
    const contract = `${this.id}-kapproval` as ContractId;
    const value = eur(85_000);
    this.tl.at(this.now - 3 * DAY, (t) => {
      if (this.accountState().status !== "active") return;
      this.issue.contract(
        contract,
        {
          type: "CreateContract",
          contractId: contract,
          accountId: this.id,
          opportunityId: null,
          ownerId: this.owner,
          title: `${this.name} – campaign extension ${dayOf(this.now).slice(0, 4)}`.slice(0, 300),
          value,
          plannedCost: money(Math.floor((value.amount * 64) / 100), value.currency),
          discountPercent: 5,
          startDate: startOfMonth(addMonths(dayOf(this.now), 1)),
          term: { unit: "months", count: 12 },
          noticePeriod: { unit: "months", count: 3 },
          autoRenewal: false,
          renewalTerm: null,
          towers: [],
          milestones: [],
          projectManagerIds: this.team.filter((m) => m.role === "project_manager").map((m) => m.memberId),
          previousContractId: null,
        },
        this.owner,
        t,
      );
      this.issue.contract(contract, { type: "StartNegotiation" }, this.owner, t + HOUR);
      this.tl.at(this.now - DAY, (t2) =>
        this.issue.contract(contract, { type: "SubmitForApproval" }, this.owner, t2),
      );
    });
  }

  private planWork(created: number): void {
    const r = this.rng;
    const from = Math.max(created + DAY, this.now - YEAR);
    const span = this.now - from;
    if (span <= DAY) return;
    const when = () => this.workTime(from + Math.floor(r.next() * span));

    // Meetings with minutes; one planned meeting ahead, completed or still to come.
    for (let i = r.int(1, 3); i > 0; i--)
      this.meeting(
        when(),
        undefined,
        r.pick(MEETING_SUBJECTS),
        r.chance(0.3) ? this.specialist() : this.owner,
      );
    const planned = when();
    this.tl.at(planned, (t) => {
      const slot = t + r.int(2, 15) * DAY;
      const id = this.planMeeting(t, slot, null, "Quarterly business review");
      if (r.chance(0.15))
        this.tl.at(t + DAY, (at) => {
          if (this.issue.state<{ status: string }>(id).status === "planned")
            this.issue.activity(id, { type: "CancelActivity", reason: "Client rescheduled" }, this.owner, at);
        });
      else
        this.tl.at(slot, (at) => {
          if (this.issue.state<{ status: string }>(id).status === "planned")
            this.issue.activity(id, { type: "CompleteActivity", minutes: this.minutes() }, this.owner, at);
        });
    });

    // Tasks and client deadlines.
    const isLive = (id: TaskId) => {
      const status = this.issue.state<{ status: string }>(id).status;
      return status === "open" || status === "in_progress";
    };
    for (let i = r.int(1, 4); i > 0; i--) {
      const id = this.next("task") as TaskId;
      const t0 = when();
      const assignee = r.pick([this.owner, this.team[0]!.memberId, this.team[2]!.memberId]);
      const clientDeadline = r.chance(0.35);
      const due = dayOf(t0 + r.int(3, 30) * DAY);
      this.tl.at(t0, (t) => {
        this.issue.task(
          id,
          {
            type: "CreateTask",
            taskId: id,
            accountId: this.id,
            title: r.pick(TASK_TITLES),
            assigneeId: assignee,
            dueDate: due,
            agreedWithClient: clientDeadline,
          },
          this.owner,
          t,
        );
        const drawn = r.weighted({ done: 60, open: 25, cancelled: 5, moved: 10 } as const);
        const dueMs = Date.parse(due);
        // A team lets a task slip a little, not for months: one still open today was due at most a fortnight ago.
        const fate = drawn === "open" && dueMs < this.world.nowMs - 14 * DAY ? "done" : drawn;
        if (fate === "cancelled")
          this.tl.at(t + r.int(1, 5) * DAY, (at) => {
            if (isLive(id))
              this.issue.task(id, { type: "CancelTask", reason: "No longer needed" }, assignee, at);
          });
        if (fate === "moved")
          this.tl.at(t + DAY, (at) => {
            if (isLive(id))
              this.issue.task(
                id,
                {
                  type: "RescheduleTask",
                  dueDate: addDays(due, 7),
                  reason: "The client asked for a week more",
                },
                assignee,
                at,
              );
          });
        if (fate === "done" || fate === "moved") {
          this.tl.at(t + 2 * DAY, (at) => {
            if (this.issue.state<{ status: string }>(id).status === "open")
              this.issue.task(id, { type: "StartTask" }, assignee, at);
          });
          this.tl.at(this.workTime(dueMs - r.int(-3, 2) * DAY), (at) => {
            const s = this.issue.state<{ status: string }>(id).status;
            if (s === "open" || s === "in_progress")
              this.issue.task(id, { type: "CompleteTask" }, assignee, at);
          });
        }
      });
    }

    // Escalations: more on IT accounts and on accounts in trouble.
    const trouble = this.target === "at_risk" || this.target === "churned" ? 2 : 0;
    const escalations = (this.unit === "it" ? r.int(0, 2) : r.int(0, 1)) + trouble;
    for (let i = 0; i < escalations; i++) this.escalation(when());
    // And now and then one raised in the last week, still being worked.
    if (r.chance(this.unit === "it" ? 0.3 : 0.1)) this.escalation(this.now - r.int(2, 7 * 24) * HOUR);
    // The fourth account (an IT client at risk) has a critical escalation past its SLA that no sweep has seen yet.
    if (this.plan.index === 3) this.escalation(this.now - 4 * HOUR - 10 * MINUTE, "critical", true);

    // Briefs from agency clients, worked by the account planner.
    if (this.unit === "agency") for (let i = r.int(0, 3); i > 0; i--) this.brief(when());
  }

  /**
   * The owner's account plan for the year: drafted a few months ago with three objectives (the first done if it
   * fell due), a risk, activated with its first review a few days either side of today (some wait in the inbox).
   * Its own random stream and ids, so the rest of the story draws what it drew before plans existed.
   */
  private accountPlan(): void {
    const r = forkRandom(this.world.seed, "account-plan", this.plan.index);
    const id = `${this.id}-plan` as AccountPlanId;
    const drafted = this.workTime(this.now - r.int(40, 120) * DAY, r);
    const periodStart = startOfMonth(dayOf(drafted));
    const periodEnd = addDays(addMonths(periodStart, 12), -1);
    const titles = PLAN_OBJECTIVES[this.unit];
    const objectives = titles.map((title, i) => ({
      objectiveId: asId.objective(`${id}-obj${i + 1}`),
      title,
      ownerId: i === 1 ? this.specialist() : this.owner,
      dueDate: addDays(addMonths(periodStart, 3 * (i + 1)), -1),
    }));
    const review = dayOf(this.now + r.int(-3, 20) * DAY);
    this.tl.at(drafted, (t) => {
      if (this.accountState().status === "none") return;
      this.issue.plan(
        id,
        {
          type: "DraftPlan",
          planId: id,
          accountId: this.id,
          ownerId: this.owner,
          title: `${this.name} – plan ${periodStart.slice(0, 4)}/${periodEnd.slice(2, 4)}`,
          periodStart,
          periodEnd,
          ambition:
            this.unit === "agency"
              ? "Become the client's lead agency: creative and social today, media next."
              : "Run every tower the client outsources, and be asked first about the cloud.",
          nextReviewOn: null,
        },
        this.owner,
        t,
      );
      for (const o of objectives) this.issue.plan(id, { type: "AddObjective", ...o }, this.owner, t);
      this.issue.plan(
        id,
        {
          type: "AddRisk",
          riskId: asId.risk(`${id}-risk1`),
          description:
            this.target === "at_risk"
              ? "The sponsor questions our value after the last escalation"
              : "A competitor pitches the client's procurement directly",
          likelihood: this.target === "at_risk" ? "high" : "medium",
          impact: "high",
          mitigation: "Quarterly business review with the sponsor and their manager",
          ownerId: this.owner,
        },
        this.owner,
        t,
      );
      this.tl.at(t + 2 * DAY, (at) =>
        this.issue.plan(id, { type: "Activate", nextReviewOn: review }, this.owner, at),
      );
    });
    const first = objectives[0]!;
    const doneAt = Date.parse(first.dueDate) - r.int(2, 10) * DAY;
    if (doneAt > drafted + 3 * DAY)
      this.tl.at(this.workTime(doneAt, r), (t) =>
        this.issue.plan(
          id,
          { type: "SetObjectiveStatus", objectiveId: first.objectiveId, status: "done", note: "Signed" },
          first.ownerId,
          t,
        ),
      );
    this.tl.at(this.workTime(drafted + 7 * DAY, r), (t) =>
      this.issue.plan(
        id,
        { type: "SetObjectiveStatus", objectiveId: objectives[1]!.objectiveId, status: "in_progress" },
        this.owner,
        t,
      ),
    );
  }

  private escalation(t0: number, forced?: Severity, untouched = false): void {
    const r = this.rng;
    const id = this.next("esc") as EscalationId;
    const severity = forced ?? r.weighted({ low: 30, medium: 35, high: 25, critical: 10 } as const);
    const sla = this.world.settings.slaHours[severity] * HOUR;
    const owner = this.unit === "it" ? this.specialist() : this.owner;
    this.tl.at(t0, (t) => {
      if (this.accountState().status === "none") return;
      const contract = this.contractsOfAccount().find((k) => BINDING.includes(k.status));
      this.issue.escalation(
        id,
        {
          type: "OpenEscalation",
          escalationId: id,
          accountId: this.id,
          contractId: contract?.id ?? null,
          title: r.pick(ESCALATION_TITLES),
          description: "Raised by the client during the weekly call.",
          severity,
          ownerId: owner,
        },
        this.owner,
        t,
      );
      // The sweep of the past, a quarter of an hour after the SLA ran out.
      this.tl.at(t + sla + 15 * MINUTE, (at) => {
        const e = this.issue.state<Escalation>(id);
        for (const f of slaBreachFollowUps(e, iso(at), this.world.reportingLine))
          this.issue.escalation(id, f.command as EscalationCommand, SYSTEM_ACTOR.memberId, at, f.because);
      });
      if (untouched) return;
      const steps: [number, "Acknowledge" | "StartWork" | "Resolve" | "Close"][] = [
        [t + Math.floor(sla * (0.05 + r.next() * 0.2)), "Acknowledge"],
        [t + Math.floor(sla * (0.3 + r.next() * 0.2)), "StartWork"],
        [t + Math.floor(sla * (0.6 + r.next() * (r.chance(0.3) ? 1.5 : 0.35))), "Resolve"],
      ];
      steps.push([steps[2]![0] + r.int(1, 4) * DAY, "Close"]);
      for (const [at, type] of steps) {
        this.tl.at(at, (when) => {
          const e = this.issue.state<Escalation | { status: "none" }>(id);
          const expected = {
            Acknowledge: "open",
            StartWork: "acknowledged",
            Resolve: "in_progress",
            Close: "resolved",
          }[type];
          if (e.status !== expected) return;
          const actor = (e as Escalation).ownerId;
          const command =
            type === "Resolve"
              ? ({ type, resolution: "Root cause fixed and confirmed with the client" } as const)
              : ({ type } as const);
          this.issue.escalation(id, command, actor, when);
        });
      }
    });
  }

  /**
   * The chain brief → deal → contract: a brief about to be delivered is linked to the account's latest contract
   * made from a deal (not withdrawn, its deal not lost) — the deal it led to and the contract it is delivered
   * under. None: the brief stays unlinked. No draw from the random source.
   */
  private linkBrief(id: BriefId, t: number): void {
    for (const contractId of [...this.contractIds].reverse()) {
      const k = this.issue.state<Contract | { status: "none" }>(contractId);
      if (k.status === "none" || k.status === "withdrawn" || k.opportunityId === null) continue;
      if (this.dealState(k.opportunityId).status === "lost") continue;
      this.issue.brief(id, { type: "LinkDeal", opportunityId: k.opportunityId }, this.owner, t);
      this.issue.brief(id, { type: "LinkContract", contractId: k.id }, this.owner, t);
      return;
    }
  }

  private brief(t0: number): void {
    const r = this.rng;
    const id = this.next("brief") as BriefId;
    const planner = this.specialist();
    const deadline = dayOf(t0 + r.int(20, 60) * DAY);
    this.tl.at(t0, (t) => {
      this.issue.brief(
        id,
        {
          type: "ReceiveBrief",
          briefId: id,
          accountId: this.id,
          title: r.pick(BRIEF_TITLES),
          description: "Objectives, audience, channels and budget as sent by the client.",
          clientBudget: eur(r.int(2, 40) * 5_000),
          deadline,
          plannerId: planner,
        },
        this.owner,
        t,
      );
      const rejected = r.chance(0.1);
      const chain: [number, () => void][] = [
        [t + r.int(1, 3) * DAY, () => this.issue.brief(id, { type: "StartAnalysis" }, planner, this.tl.time)],
        rejected
          ? [
              t + r.int(4, 8) * DAY,
              () =>
                this.issue.brief(
                  id,
                  { type: "Reject", reason: "Budget too small for the scope" },
                  planner,
                  this.tl.time,
                ),
            ]
          : [
              t + r.int(4, 8) * DAY,
              () => {
                const b = this.issue.state<Brief>(id).clientBudget;
                this.issue.brief(
                  id,
                  {
                    type: "ApproveBudget",
                    approvedBudget: money(Math.floor((b.amount * r.int(80, 100)) / 100), "EUR"),
                  },
                  planner,
                  this.tl.time,
                );
              },
            ],
      ];
      if (!rejected)
        chain.push(
          [
            t + r.int(9, 12) * DAY,
            () => this.issue.brief(id, { type: "StartProduction" }, planner, this.tl.time),
          ],
          [
            Date.parse(deadline) - r.int(0, 5) * DAY,
            () => {
              this.linkBrief(id, this.tl.time);
              this.issue.brief(id, { type: "Deliver" }, planner, this.tl.time);
            },
          ],
          [
            Date.parse(deadline) + r.int(3, 10) * DAY,
            () => this.issue.brief(id, { type: "Close" }, planner, this.tl.time),
          ],
        );
      const runFrom = (i: number) => {
        const item = chain[i];
        if (!item) return;
        this.tl.at(this.workTime(item[0]), () => {
          item[1]();
          runFrom(i + 1);
        });
      };
      runFrom(0);
    });
  }
}
