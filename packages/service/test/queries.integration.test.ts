import { randomBytes } from "node:crypto";
import { defaultWorkspaceSettings, money, type Timestamp, timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScope } from "../src/execute.ts";
import {
  createService,
  LIST_NAMES,
  type Page,
  type QueryResult,
  renderClientReportHtml,
  renderClientReportMarkdown,
  type Service,
} from "../src/index.ts";
import { LISTS, listQuery } from "../src/queries/lists.ts";
import { TARGETS } from "./databases.ts";
import { cmd, eur, ids, must, next, seedWorkspace } from "./scenario.ts";

const at = (iso: string): Timestamp => timestamp(iso);

/** The value of an accepted query; a refusal fails the test with its sentence. */
function value<T>(r: QueryResult<T>): T {
  if (!r.ok) throw new Error(`${r.error._tag}: ${r.error.message}`);
  return r.value;
}

const more = {
  cfo: "c-cfo",
  analyst: "c-ana",
  planner: "m-planner",
  second: "o-second",
  tower: "t-sd",
  kickoff: "ms-kickoff",
  launch: "ms-launch",
  meeting: "act-kickoff",
  call: "act-call",
  email: "act-email",
  task: "t-plan",
  escalation: "e-1",
  brief: "b-1",
  openBrief: "b-2",
  unpaid: "inv-1",
  paid: "inv-2",
  cost: "cost-1",
  voided: "cost-2",
  plan: "p-fy27",
} as const;

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`queries on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const newWs = () => `ws-${randomBytes(4).toString("hex")}`;
    /** A workspace with every kind of record, shared by the read-only tests. */
    let rich: string;

    const run = (
      ws: string,
      aggregate: Parameters<typeof cmd>[0],
      id: string,
      input: Record<string, unknown>,
      actor: string = ids.admin,
      now?: Timestamp,
    ) => must(service, ws, cmd(aggregate, id, input), actor, now);

    /** Drafts, negotiates, approves (the director) and signs a contract on the seeded account. */
    async function signedContract(ws: string, id: string, terms: Record<string, unknown>) {
      await run(
        ws,
        "contract",
        id,
        {
          type: "CreateContract",
          contractId: id,
          accountId: ids.account,
          ownerId: ids.ae,
          title: `Acme ${id}`,
          value: eur(120_000),
          term: { unit: "months", count: 12 },
          noticePeriod: { unit: "months", count: 3 },
          autoRenewal: true,
          ...terms,
        },
        ids.ae,
      );
      await run(ws, "contract", id, { type: "StartNegotiation" }, ids.ae);
      await run(ws, "contract", id, { type: "SubmitForApproval" }, ids.ae);
      await run(ws, "contract", id, { type: "Approve" }, ids.director);
      await run(ws, "contract", id, { type: "Sign" }, ids.ae);
    }

    /**
     * The seeded workspace plus: a stakeholder hierarchy, a second deal, a signed contract with a tower and two
     * milestones (one met), a meeting with minutes, a planned call, a cancelled e-mail, a task, an escalation,
     * a delivered brief and an open one, an unpaid and a paid invoice, a cost and a voided cost.
     */
    async function richWorkspace(ws: string): Promise<void> {
      await seedWorkspace(service, ws);
      // Hands its contracts over by hand: the lists below hold what this scenario made itself (the handover's
      // team and tasks have their own test in execute.integration.test.ts).
      const settings = defaultWorkspaceSettings();
      await run(ws, "workspace", ws, {
        type: "UpdateSettings",
        settings: { ...settings, handover: { ...settings.handover, onSigning: false } },
      });
      await run(ws, "member", more.planner, {
        type: "AddMember",
        memberId: more.planner,
        name: "Pat Planner",
        email: "pat@agency.test",
        role: "account_planner",
        reportsTo: ids.supervisor,
      });
      await run(
        ws,
        "contact",
        more.cfo,
        {
          type: "AddContact",
          contactId: more.cfo,
          accountId: ids.account,
          name: "Carl Cfo",
          roles: ["billing"],
          reportsToId: ids.dm,
          sentiment: "supporter",
        },
        ids.ae,
      );
      await run(
        ws,
        "contact",
        more.analyst,
        {
          type: "AddContact",
          contactId: more.analyst,
          accountId: ids.account,
          name: "Ana Analyst",
          reportsToId: more.cfo,
          sentiment: "detractor",
        },
        ids.ae,
      );
      await run(
        ws,
        "opportunity",
        more.second,
        {
          type: "CreateOpportunity",
          opportunityId: more.second,
          accountId: ids.account,
          ownerId: ids.ae,
          name: "Acme social",
          opportunityType: "new_business",
          amount: eur(30_000),
          closeDate: "2027-02-15",
        },
        ids.ae,
      );
      await signedContract(ws, ids.contract, {
        opportunityId: ids.opp,
        startDate: "2026-10-01",
        towers: [
          {
            id: more.tower,
            name: "Service desk",
            accountManagerId: ids.ae,
            value: eur(120_000),
            cost: eur(80_000),
          },
        ],
        milestones: [
          { id: more.kickoff, title: "Kick-off", dueDate: "2026-10-20" },
          { id: more.launch, title: "Campaign launch", dueDate: "2026-12-15" },
        ],
      });
      await run(
        ws,
        "contract",
        ids.contract,
        { type: "CompleteMilestone", milestoneId: more.kickoff, doneOn: "2026-10-21" },
        ids.ae,
      );
      await run(
        ws,
        "activity",
        more.meeting,
        {
          type: "LogActivity",
          activityId: more.meeting,
          accountId: ids.account,
          opportunityId: ids.opp,
          kind: "meeting",
          subject: "Kick-off",
          contactIds: [ids.dm],
          at: "2026-10-21T10:00:00.000Z",
          minutes: {
            summary: "Agreed the plan",
            decisions: ["Launch in December"],
            actionItems: ["Send the media plan"],
          },
        },
        ids.ae,
      );
      await run(
        ws,
        "activity",
        more.call,
        {
          type: "PlanActivity",
          activityId: more.call,
          accountId: ids.account,
          opportunityId: ids.opp,
          kind: "call",
          subject: "Check-in",
          at: "2026-12-20T10:00:00.000Z",
        },
        ids.ae,
      );
      await run(
        ws,
        "activity",
        more.email,
        {
          type: "PlanActivity",
          activityId: more.email,
          accountId: ids.account,
          opportunityId: more.second,
          kind: "email",
          subject: "Send the deck",
          at: "2026-12-21T10:00:00.000Z",
        },
        ids.ae,
      );
      await run(ws, "activity", more.email, { type: "CancelActivity", reason: "not needed" }, ids.ae);
      await run(
        ws,
        "task",
        more.task,
        {
          type: "CreateTask",
          taskId: more.task,
          accountId: ids.account,
          title: "Media plan",
          assigneeId: ids.ae,
          dueDate: "2026-11-20",
          agreedWithClient: true,
        },
        ids.ae,
      );
      await run(ws, "escalation", more.escalation, {
        type: "OpenEscalation",
        escalationId: more.escalation,
        accountId: ids.account,
        title: "Late report",
        severity: "high",
        ownerId: ids.ae,
      });
      await run(ws, "brief", more.brief, {
        type: "ReceiveBrief",
        briefId: more.brief,
        accountId: ids.account,
        title: "Winter campaign",
        clientBudget: eur(50_000),
        deadline: "2026-12-01",
        plannerId: more.planner,
      });
      await run(ws, "brief", more.brief, { type: "StartAnalysis" });
      await run(ws, "brief", more.brief, { type: "ApproveBudget", approvedBudget: eur(45_000) });
      await run(ws, "brief", more.brief, { type: "StartProduction" });
      await run(ws, "brief", more.brief, { type: "Deliver" });
      await run(ws, "brief", more.openBrief, {
        type: "ReceiveBrief",
        briefId: more.openBrief,
        accountId: ids.account,
        title: "Spring ideas",
        clientBudget: eur(10_000),
      });
      const line = (description: string, major: number) => ({
        description,
        quantity: "1",
        unitPrice: eur(major),
        towerId: more.tower,
      });
      await run(ws, "invoice", more.unpaid, {
        type: "DraftInvoice",
        invoiceId: more.unpaid,
        accountId: ids.account,
        contractId: ids.contract,
        currency: "EUR",
        lines: [line("October retainer", 10_000)],
        dueDate: "2026-10-31",
      });
      await run(ws, "invoice", more.unpaid, { type: "Issue", number: "A-1", issuedOn: "2026-10-01" });
      await run(ws, "invoice", more.paid, {
        type: "DraftInvoice",
        invoiceId: more.paid,
        accountId: ids.account,
        contractId: ids.contract,
        currency: "EUR",
        lines: [line("November retainer", 10_000)],
        dueDate: "2026-11-30",
      });
      await run(ws, "invoice", more.paid, { type: "Issue", number: "A-2", issuedOn: "2026-11-01" });
      await run(ws, "invoice", more.paid, { type: "RecordPayment" });
      const cost = (id: string, date: string, minor: number) => ({
        type: "RecordCost",
        costEntryId: id,
        accountId: ids.account,
        contractId: ids.contract,
        towerId: more.tower,
        date,
        category: "labour",
        description: `Work ${id}`,
        amount: money(minor, "EUR"),
      });
      await run(ws, "cost", more.cost, cost(more.cost, "2026-10-15", 600_000));
      await run(ws, "cost", more.voided, cost(more.voided, "2026-10-16", 99_900));
      await run(ws, "cost", more.voided, { type: "VoidCost", reason: "booked twice" });
      await run(
        ws,
        "plan",
        more.plan,
        {
          type: "DraftPlan",
          planId: more.plan,
          accountId: ids.account,
          ownerId: ids.ae,
          title: "Acme FY27",
          periodStart: "2026-11-01",
          periodEnd: "2027-10-31",
          nextReviewOn: "2027-01-15",
        },
        ids.ae,
      );
      await run(
        ws,
        "plan",
        more.plan,
        {
          type: "AddObjective",
          objectiveId: "obj-retainer",
          title: "Sign the 2027 retainer",
          ownerId: ids.ae,
          dueDate: "2027-03-31",
        },
        ids.ae,
      );
      await run(ws, "plan", more.plan, { type: "Activate" }, ids.ae);
    }

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: next });
      rich = newWs();
      await richWorkspace(rich);
    });
    afterAll(async () => {
      await handle?.close();
    });

    describe("lists", () => {
      it("lists every read table, each row parsed as its domain entity", async () => {
        const sizes: Record<string, number> = {};
        for (const name of LIST_NAMES)
          sizes[name] = value(await service.queries.list(name, rich)).items.length;
        expect(sizes).toEqual({
          members: 7,
          accounts: 1,
          contacts: 3,
          opportunities: 2,
          contracts: 1,
          activities: 3,
          tasks: 1,
          escalations: 1,
          briefs: 2,
          plans: 1,
          invoices: 2,
          costs: 2,
          quotas: 0,
          targets: 0,
        });
      });

      it("walks a stage's deals by close date then id, page by page, each deal once", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const closeDates = [
          "2027-01-31",
          "2026-12-31",
          "2027-01-31",
          "2027-05-01",
          "2026-12-31",
          "2027-02-28",
        ];
        for (const [i, closeDate] of closeDates.entries()) {
          const id = `o-${i}`;
          await run(
            ws,
            "opportunity",
            id,
            {
              type: "CreateOpportunity",
              opportunityId: id,
              accountId: ids.account,
              ownerId: ids.ae,
              name: `Deal ${i}`,
              opportunityType: "new_business",
              amount: eur(1_000 * (i + 1)),
              closeDate,
            },
            ids.ae,
          );
          if (i % 3 !== 2)
            await run(ws, "opportunity", id, { type: "MoveStage", stageId: "discovery" }, ids.ae);
        }
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = value(
            await service.queries.listOpportunities(ws, {
              stageId: "discovery",
              limit: 2,
              ...(cursor ? { cursor } : {}),
            }),
          );
          seen.push(...page.items.map((o) => `${o.closeDate} ${o.id}`));
          cursor = page.nextCursor ?? undefined;
          pages++;
        } while (cursor);
        expect(seen).toEqual([
          "2026-12-31 o-1",
          "2026-12-31 o-4",
          "2027-01-31 o-0",
          "2027-03-31 o-retainer",
          "2027-05-01 o-3",
        ]);
        expect(pages).toBe(3);
        const backwards = value(
          await service.queries.listOpportunities(ws, { stageId: "discovery", order: "desc", limit: 50 }),
        );
        expect(backwards.items.map((o) => o.id)).toEqual(["o-3", "o-retainer", "o-0", "o-4", "o-1"]);
        expect(backwards.nextCursor).toBeNull();
      });

      it("walks every list under every sort and order, one row a page, exactly as one large page lists them", async () => {
        for (const name of LIST_NAMES) {
          for (const sort of Object.keys(LISTS[name].sorts)) {
            for (const order of ["asc", "desc"] as const) {
              const all = value(await service.queries.list(name, rich, { sort, order, limit: 500 } as never));
              const walked: string[] = [];
              let cursor: string | null = null;
              do {
                const page: Page<{ id: string }> = value(
                  await service.queries.list(name, rich, {
                    sort,
                    order,
                    limit: 1,
                    ...(cursor ? { cursor } : {}),
                  } as never),
                );
                walked.push(...page.items.map((x) => x.id));
                cursor = page.nextCursor;
              } while (cursor !== null);
              expect({ name, sort, order, ids: walked }).toEqual({
                name,
                sort,
                order,
                ids: all.items.map((x) => x.id),
              });
            }
          }
        }
      });

      it("parses options as a query string carries them: numbers, lists and flags as text", async () => {
        const page = value(
          await service.queries.listOpportunities(rich, {
            status: "open,won",
            stageId: "prospecting,discovery",
            limit: "1",
          }),
        );
        expect(page.items).toHaveLength(1);
        expect(page.nextCursor).not.toBeNull();
        const active = value(
          await service.queries.listContacts(rich, { active: "true", accountId: ids.account }),
        );
        expect(active.items.map((c) => c.name)).toEqual(["Ana Analyst", "Carl Cfo", "Dana Decider"]);
      });

      it("filters tasks by assignee and due date, invoices by status and due date, costs by status", async () => {
        const due = value(
          await service.queries.listTasks(rich, { assigneeId: ids.ae, dueBefore: "2026-11-21" }),
        );
        expect(due.items.map((t) => t.id)).toEqual([more.task]);
        expect(value(await service.queries.listTasks(rich, { dueBefore: "2026-11-20" })).items).toEqual([]);
        const late = value(
          await service.queries.listInvoices(rich, { status: "issued", dueBefore: "2026-11-02" }),
        );
        expect(late.items.map((i) => i.id)).toEqual([more.unpaid]);
        const voided = value(await service.queries.listCosts(rich, { status: "voided" }));
        expect(voided.items.map((c) => c.id)).toEqual([more.voided]);
        const planned = value(await service.queries.listActivities(rich, { status: "planned" }));
        expect(planned.items.map((a) => a.id)).toEqual([more.call]);
      });

      it("sorts a nullable column with its nulls last, in either order, across pages", async () => {
        const asc = value(await service.queries.listBriefs(rich, { sort: "deadline", limit: 1 }));
        expect(asc.items.map((b) => b.id)).toEqual([more.brief]);
        const rest = value(
          await service.queries.listBriefs(rich, { sort: "deadline", limit: 1, cursor: asc.nextCursor! }),
        );
        expect(rest.items.map((b) => b.id)).toEqual([more.openBrief]);
        expect(rest.nextCursor).toBeNull();
        const desc = value(await service.queries.listBriefs(rich, { sort: "deadline", order: "desc" }));
        expect(desc.items.map((b) => b.id)).toEqual([more.brief, more.openBrief]);
      });

      it("refuses options that do not parse, naming the field", async () => {
        const tooMany = await service.queries.listOpportunities(rich, { limit: 501 });
        expect(tooMany.ok || tooMany.error).toMatchObject({ _tag: "InvalidInput", field: "limit" });
        const badSort = await service.queries.listTasks(rich, { sort: "title" as never });
        expect(badSort.ok || badSort.error).toMatchObject({ _tag: "InvalidInput", field: "sort" });
      });

      it("refuses a cursor it did not give out, or gave out for another sort", async () => {
        const first = value(await service.queries.listOpportunities(rich, { limit: 1 }));
        const otherSort = await service.queries.listOpportunities(rich, {
          sort: "amount",
          cursor: first.nextCursor!,
        });
        expect(otherSort.ok || otherSort.error).toMatchObject({ _tag: "InvalidInput", field: "cursor" });
        const forged = await service.queries.listOpportunities(rich, { cursor: "bm90IGEgY3Vyc29y" });
        expect(forged.ok || forged.error).toMatchObject({ _tag: "InvalidInput", field: "cursor" });
        const badDate = Buffer.from(JSON.stringify(["closeDate", "asc", "soon", "o-1"])).toString(
          "base64url",
        );
        const cast = await service.queries.listOpportunities(rich, { cursor: badDate });
        expect(cast.ok || cast.error).toMatchObject({ _tag: "InvalidInput", field: "cursor" });
      });

      it("keeps workspaces apart: a list never shows another workspace's rows", async () => {
        const other = newWs();
        await seedWorkspace(service, other);
        const page = value(await service.queries.listOpportunities(other, {}));
        expect(page.items.map((o) => o.id)).toEqual([ids.opp]);
        expect(value(await service.queries.listInvoices(other)).items).toEqual([]);
      });
    });

    describe.skipIf(target.name !== "PostgreSQL")("the opportunities page on a large table", () => {
      it("reads a stage's 50-row page by close date with an index scan on (workspace, stage, close date, id)", async () => {
        const ws = newWs();
        const rows = 200_000;
        // Rows written straight into the read table (with valid entities), as the benchmark's import would leave them.
        await handle.db.execute(sql`
          insert into opportunities (workspace_id, id, version, data, updated_at, account_id, owner_id, name, type,
            pipeline_id, stage_id, status, amount_minor, currency, probability, forecast_category, close_date,
            created_at, stage_entered_at, closed_at)
          select ${ws}, x.id, 1,
            jsonb_build_object('id', x.id, 'accountId', 'a-1', 'ownerId', 'm-1', 'name', 'Deal ' || g, 'type', 'new_business',
              'pipelineId', 'new_business', 'stageId', x.stage, 'amount', jsonb_build_object('amount', x.amount, 'currency', 'EUR'),
              'closeDate', x.close::text, 'probability', 10, 'probabilityOverride', null, 'forecastCategory', 'pipeline',
              'needs', '[]'::jsonb, 'budget', null, 'proposal', null, 'stakeholderIds', '[]'::jsonb, 'contractId', null,
              'createdAt', '2026-01-01T00:00:00.000Z', 'stageEnteredAt', '2026-01-01T00:00:00.000Z', 'lastActivityAt', null,
              'status', 'open'),
            now(), 'a-1', 'm-1', 'Deal ' || g, 'new_business', 'new_business', x.stage, 'open', x.amount, 'EUR', 10,
            'pipeline', x.close, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', null
          from generate_series(1, ${rows}::int) g,
            lateral (select 'o-' || lpad(g::text, 7, '0') as id,
              (array['prospecting', 'discovery', 'proposal', 'negotiation'])[1 + g % 4] as stage,
              date '2026-01-01' + (g * 7919) % 730 as close, (g % 1000) * 100 + 100 as amount) x`);
        await handle.db.execute(sql`analyze opportunities`);
        const scope = await loadScope(handle.db, ws);
        const explain = async (options: Record<string, unknown>) => {
          const q = listQuery(scope, "opportunities", options);
          if (!q.ok) throw new Error(q.error.message);
          const plan = await handle.db.execute(
            sql`explain (analyze, costs off, timing off) ${q.value.getSQL()}`,
          );
          return (plan as { rows: { "QUERY PLAN": string }[] }).rows.map((r) => r["QUERY PLAN"]).join("\n");
        };
        const first = await explain({ stageId: "discovery", sort: "closeDate", limit: 50 });
        const page = value(await service.queries.listOpportunities(ws, { stageId: "discovery", limit: 50 }));
        const second = await explain({
          stageId: "discovery",
          sort: "closeDate",
          limit: 50,
          cursor: page.nextCursor,
        });
        console.log(`EXPLAIN, first page:\n${first}\nEXPLAIN, second page:\n${second}`);
        for (const plan of [first, second]) {
          expect(plan).toMatch(/Index Scan using opportunities_stage_close_idx on opportunities/);
          expect(plan).not.toMatch(/Sort|Seq Scan/);
        }
        expect(page.items).toHaveLength(50);
        const times: number[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < 40; i++) {
          const started = performance.now();
          const p = value(
            await service.queries.listOpportunities(ws, {
              stageId: "discovery",
              limit: 50,
              ...(cursor ? { cursor } : {}),
            }),
          );
          times.push(performance.now() - started);
          cursor = p.nextCursor ?? undefined;
        }
        times.sort((a, b) => a - b);
        console.log(
          `listOpportunities, 50-row page of one stage among ${rows} rows: median ${times[20]!.toFixed(2)} ms`,
        );
      }, 120_000);
    });

    describe("account 360", () => {
      it("gathers the account's records: stakeholders by reporting line, timeline newest first, contracts with towers", async () => {
        const a = value(await service.queries.account360(rich, ids.account));
        expect(a.account).toMatchObject({ id: ids.account, name: "Acme", status: "onboarding" });
        expect(a.contacts.map((c) => [c.name, c.reportsToId, c.sentiment])).toEqual([
          ["Ana Analyst", more.cfo, "detractor"],
          ["Carl Cfo", ids.dm, "supporter"],
          ["Dana Decider", null, null],
        ]);
        expect(a.stakeholderMap).toEqual({
          roots: [ids.dm],
          reports: { [ids.dm]: [more.cfo], [more.cfo]: [more.analyst] },
        });
        expect(a.timeline.map((x) => [x.id, x.status])).toEqual([
          [more.email, "cancelled"],
          [more.call, "planned"],
          [more.meeting, "done"],
        ]);
        expect(a.timeline[2]?.minutes?.actionItems).toEqual(["Send the media plan"]);
        expect(a.opportunities.map((o) => o.id)).toEqual([more.second, ids.opp]);
        expect(a.contracts.map((c) => [c.id, c.status, c.towers.map((t) => t.id)])).toEqual([
          [ids.contract, "signed", [more.tower]],
        ]);
        expect([a.tasks, a.escalations, a.invoices, a.costs, a.briefs].map((xs) => xs.length)).toEqual([
          1, 1, 2, 2, 2,
        ]);
      });

      it("computes health, P&L (voided costs left out) and the binding contracts' renewal dates", async () => {
        const a = value(
          await service.queries.account360(rich, ids.account, { now: at("2026-11-03T12:00:00.000Z") }),
        );
        expect(a.health.ok).toBe(true);
        if (a.health.ok) {
          const engagement = a.health.value.factors.find((f) => f.signal === "engagement");
          // The cancelled e-mail and the planned call are not engagement: the meeting is the last one.
          expect(engagement).toMatchObject({ lastActivityId: more.meeting, daysSince: 13 });
          expect(a.health.value.factors.find((f) => f.signal === "overdue_invoices")).toMatchObject({
            invoices: [{ invoiceId: more.unpaid, daysPastDue: 3 }],
          });
        }
        expect(a.pnl.ok && a.pnl.value.actual).toEqual({
          revenue: eur(20_000),
          cost: money(600_000, "EUR"),
          margin: money(1_400_000, "EUR"),
          marginBasisPoints: 7_000,
        });
        expect(a.renewals).toEqual([
          expect.objectContaining({
            contractId: ids.contract,
            schedule: expect.objectContaining({
              noticeDeadline: expect.objectContaining({ on: "2027-06-30" }),
              windowOpensOn: expect.objectContaining({ on: "2027-03-02" }),
            }),
          }),
        ]);
      });

      it("refuses an account the workspace does not have", async () => {
        const r = await service.queries.account360(rich, "a-nobody");
        expect(r.ok || r.error).toMatchObject({ _tag: "NotFound", entity: "account", id: "a-nobody" });
        const elsewhere = newWs();
        await seedWorkspace(service, elsewhere);
        const other = await service.queries.account360(elsewhere, "a-nobody");
        expect(other.ok).toBe(false);
      });
    });

    describe("pipeline", () => {
      it("counts and totals each stage per currency, weighting once over the exact sum, half-even", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const deal = async (id: string, amount: ReturnType<typeof money>, now?: Timestamp) =>
          run(
            ws,
            "opportunity",
            id,
            {
              type: "CreateOpportunity",
              opportunityId: id,
              accountId: ids.account,
              ownerId: ids.otherAe,
              name: id,
              opportunityType: "new_business",
              amount,
              closeDate: "2027-01-31",
            },
            ids.admin,
            now,
          );
        // 10 % of 5 + 5 minor units is exactly 1; rounding each deal first would give 0 + 0.
        await deal("o-a", money(5, "EUR"));
        await deal("o-b", money(5, "EUR"));
        await deal("o-c", money(125, "USD"));
        const entered = (await service.load(ws, "opportunity", "o-a")).state as { stageEnteredAt: Timestamp };
        const threeDaysOn = at(new Date(Date.parse(entered.stageEnteredAt) + 3 * 86_400_000).toISOString());
        const report = value(
          await service.queries.pipeline(ws, { pipelineId: "new_business", now: threeDaysOn }),
        );
        const [board] = report.pipelines;
        const stage = (id: string) => board!.stages.find((s) => s.stage.id === id)!;
        expect(board!.stages.map((s) => s.stage.id)).toEqual([
          "prospecting",
          "discovery",
          "proposal",
          "negotiation",
          "closed_won",
          "closed_lost",
        ]);
        expect(stage("prospecting")).toMatchObject({
          count: 3,
          totals: [
            { currency: "EUR", count: 2, amount: money(10, "EUR"), weighted: money(1, "EUR") },
            // 12.5 → 12, half-even.
            { currency: "USD", count: 1, amount: money(125, "USD"), weighted: money(12, "USD") },
          ],
        });
        expect(stage("prospecting").averageDaysInStage).toBeCloseTo(3, 1);
        expect(stage("discovery")).toMatchObject({ count: 1, totals: [{ weighted: eur(30_000) }] });
        expect(stage("proposal")).toEqual(
          expect.objectContaining({ count: 0, totals: [], averageDaysInStage: null }),
        );
        const mine = value(
          await service.queries.pipeline(ws, { pipelineId: "new_business", ownerId: ids.ae }),
        );
        expect(mine.pipelines[0]!.stages.reduce((n, s) => n + s.count, 0)).toBe(1);
      });

      it("refuses a pipeline the workspace does not have", async () => {
        const r = await service.queries.pipeline(rich, { pipelineId: "nope" });
        expect(r.ok || r.error).toMatchObject({ _tag: "NotFound", entity: "pipeline" });
      });
    });

    describe("forecast", () => {
      it("gives the domain's forecast for a period, by owner, from the read table", async () => {
        const f = value(
          await service.queries.forecast(rich, { period: "2027-Q1", groupBy: "owner" }),
        ).forecast;
        const [q1] = f.periods;
        expect(q1?.period).toMatchObject({ label: "2027-Q1", start: "2027-01-01", end: "2027-03-31" });
        expect(q1?.total.rollups.openPipeline).toEqual(eur(150_000));
        expect(q1?.total.weightedRollups.openPipeline).toEqual(eur(33_000));
        expect(q1?.owners.map((o) => o.ownerId)).toEqual([ids.ae]);
        expect(q1?.lines).toBeNull();
      });

      it("refuses an unknown period and an amount without a rate, and takes rates as text", async () => {
        const bad = await service.queries.forecast(rich, { periods: ["2027-Q1", "2027-13"] });
        expect(bad.ok || bad.error).toMatchObject({ _tag: "InvalidInput" });
        const ws = newWs();
        await seedWorkspace(service, ws);
        await run(
          ws,
          "opportunity",
          "o-usd",
          {
            type: "CreateOpportunity",
            opportunityId: "o-usd",
            accountId: ids.account,
            ownerId: ids.ae,
            name: "Dollars",
            opportunityType: "new_business",
            amount: money(100_000, "USD"),
            closeDate: "2027-01-15",
          },
          ids.ae,
        );
        const noRate = await service.queries.forecast(ws, { period: "2027-Q1" });
        expect(noRate.ok || noRate.error).toMatchObject({ _tag: "CurrencyMismatch", actual: "USD" });
        const withRate = value(
          await service.queries.forecast(ws, { period: "2027-Q1", rates: "USD/EUR=0.92" }),
        );
        expect(withRate.forecast.periods[0]?.total.rollups.openPipeline).toEqual(money(12_092_000, "EUR"));
      });

      it("as of yesterday is unchanged by today's moves", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await run(ws, "opportunity", ids.opp, { type: "RecordNeed", need: "A 2027 brand campaign" }, ids.ae);
        await run(ws, "opportunity", ids.opp, { type: "SetBudget", budget: eur(150_000) }, ids.ae);
        const yesterday = at("2026-12-01T23:59:59.000Z");
        const today = at("2026-12-02T10:00:00.000Z");
        const before = value(await service.queries.forecast(ws, { period: "2027-Q1", groupBy: "owner" }));
        const boardBefore = value(await service.queries.pipeline(ws, { now: yesterday }));

        await run(ws, "opportunity", ids.opp, { type: "MoveStage", stageId: "proposal" }, ids.ae, today);
        await run(
          ws,
          "opportunity",
          "o-new",
          {
            type: "CreateOpportunity",
            opportunityId: "o-new",
            accountId: ids.account,
            ownerId: ids.otherAe,
            name: "Opened today",
            opportunityType: "new_business",
            amount: eur(10_000),
            closeDate: "2027-02-01",
          },
          ids.admin,
          today,
        );

        const asOf = value(
          await service.queries.forecast(ws, { period: "2027-Q1", groupBy: "owner", asOf: yesterday }),
        );
        expect(asOf.asOf).toBe(yesterday);
        expect(asOf.forecast).toEqual(before.forecast);
        const now = value(await service.queries.forecast(ws, { period: "2027-Q1", groupBy: "owner" }));
        expect(now.forecast).not.toEqual(before.forecast);
        expect(now.forecast.periods[0]?.total.categories.best_case.count).toBe(1);
        const page = async (linesAfter?: string) =>
          value(
            await service.queries.forecast(ws, {
              period: "2027-Q1",
              lines: true,
              linesLimit: 1,
              ...(linesAfter ? { linesAfter } : {}),
            }),
          ).forecast.periods[0]?.lines;
        const first = await page();
        expect(first?.items.map((l) => [l.opportunityId, l.bucket])).toEqual([["o-new", "pipeline"]]);
        expect(first?.nextCursor).toBe("o-new");
        const second = await page("o-new");
        expect(second?.items.map((l) => [l.opportunityId, l.bucket])).toEqual([[ids.opp, "best_case"]]);
        expect(second?.nextCursor).toBeNull();

        const boardThen = value(await service.queries.pipeline(ws, { asOf: yesterday }));
        expect(boardThen.pipelines).toEqual(boardBefore.pipelines);
      });
    });

    describe("quota attainment", () => {
      it("counts the member's deals won in the period against the quotas in force, leaving retired ones out", async () => {
        const ws = newWs();
        await richWorkspace(ws);
        for (const [quotaId, amount] of [
          ["q-ae", eur(240_000)],
          ["q-old", eur(1)],
        ] as const)
          await run(ws, "quota", quotaId, {
            type: "SetQuota",
            quotaId,
            memberId: ids.ae,
            period: "2026-Q4",
            amount,
          });
        await run(ws, "quota", "q-old", { type: "RetireQuota", reason: "set twice" });
        const step = (input: Record<string, unknown>) => run(ws, "opportunity", ids.opp, input, ids.ae);
        await step({ type: "RecordNeed", need: "A 2027 brand campaign" });
        await step({ type: "SetBudget", budget: eur(150_000) });
        await step({ type: "MoveStage", stageId: "proposal" });
        await step({ type: "AddStakeholder", contactId: ids.dm });
        await step({ type: "SetProposal", amount: eur(120_000) });
        await step({ type: "MoveStage", stageId: "negotiation" });
        await step({ type: "LinkContract", contractId: ids.contract });
        await step({ type: "CloseAsWon" });
        const r = value(await service.queries.quotaAttainment(ws, { period: "2026-Q4" }));
        expect(r.period).toMatchObject({ start: "2026-10-01", end: "2026-12-31" });
        expect(r.attainments.map((x) => [x.quotaId, x.closedWon, x.attainmentBasisPoints])).toEqual([
          ["q-ae", eur(120_000), 5_000],
        ]);
        expect(value(await service.queries.quotaAttainment(ws, { period: "2027-Q1" })).attainments).toEqual(
          [],
        );
      });
    });

    describe("stale deals", () => {
      it("reports deals idle past their stage's days; a planned activity spares one, a cancelled one spares nothing", async () => {
        const r = value(await service.queries.staleDeals(rich, { now: at("2026-12-12T12:00:00.000Z") }));
        expect(r.stale.map((s) => [s.opportunityId, s.stageId])).toEqual([[more.second, "prospecting"]]);
        expect(r.spared.map((s) => [s.opportunityId, s.plannedActivityId])).toEqual([[ids.opp, more.call]]);
        expect(Object.keys(r.opportunities).sort()).toEqual([ids.opp, more.second].sort());
        const early = value(await service.queries.staleDeals(rich, { now: at("2026-11-10T12:00:00.000Z") }));
        expect([early.stale, early.spared]).toEqual([[], []]);
      });
    });

    describe("renewals due", () => {
      it("lists binding contracts with a notice deadline, window or reminder in the range, soonest deadline first", async () => {
        const ws = newWs();
        await richWorkspace(ws);
        // 2026-07-01 for 12 months ends 2027-06-30: notice due by 2027-03-31.
        await signedContract(ws, "k-2", { startDate: "2026-07-01", autoRenewal: false });
        const r = value(await service.queries.renewalsDue(ws, { from: "2027-03-01", to: "2027-04-15" }));
        expect(
          r.contracts.map((c) => [
            c.contract.id,
            c.schedule.noticeDeadline.on,
            c.noticeDeadlineInRange,
            c.windowOpensInRange,
            c.reminders.map((x) => x.daysBeforeDeadline),
          ]),
        ).toEqual([
          ["k-2", "2027-03-31", true, false, [30, 14, 7, 1]],
          [ids.contract, "2027-06-30", false, true, [120, 90]],
        ]);
        const deadline = value(
          await service.queries.renewalsDue(ws, { from: "2027-06-29", to: "2027-07-05" }),
        );
        expect(deadline.contracts.map((c) => [c.contract.id, c.noticeDeadlineInRange])).toEqual([
          [ids.contract, true],
        ]);
        expect(
          value(await service.queries.renewalsDue(ws, { from: "2026-11-01", to: "2026-11-15" })).contracts,
        ).toEqual([]);
        const backwards = await service.queries.renewalsDue(ws, { from: "2027-02-01", to: "2027-01-01" });
        expect(backwards.ok || backwards.error).toMatchObject({ _tag: "InvalidInput", field: "to" });
      });
    });

    describe("client report", () => {
      it("gathers the period's meetings, deliverables, contracts, budget and burn, billing and next steps", async () => {
        const r = value(
          await service.queries.clientReport(rich, {
            accountId: ids.account,
            period: "2026-Q4",
            now: at("2026-11-03T12:00:00.000Z"),
          }),
        );
        expect(r.period).toMatchObject({ label: "2026-Q4", start: "2026-10-01", end: "2026-12-31" });
        expect(r.activities.map((a) => a.id)).toEqual([more.meeting]);
        expect(r.meetings[0]?.minutes?.decisions).toEqual(["Launch in December"]);
        expect({
          done: r.deliverables.milestonesDone.map((m) => m.milestone.id),
          due: r.deliverables.milestonesDue.map((m) => m.milestone.id),
          delivered: r.deliverables.briefsDelivered.map((b) => b.id),
          briefsDue: r.deliverables.briefsDue.map((b) => b.id),
        }).toEqual({ done: [more.kickoff], due: [more.launch], delivered: [more.brief], briefsDue: [] });
        expect(
          r.contracts.map((c) => [c.contract.id, c.contract.status, c.renewal?.noticeDeadline.on]),
        ).toEqual([[ids.contract, "signed", "2027-06-30"]]);
        // Burn is what was billed at the client's prices (two invoices of 10,000), not the 6,000 of cost.
        expect(r.budget).toMatchObject({
          budget: eur(165_000),
          billedInPeriod: eur(20_000),
          billedToDate: eur(20_000),
          burnBasisPoints: 1212,
        });
        expect(r.budget.briefs.map((b) => [b.brief.id, b.approved.converted])).toEqual([
          [more.brief, eur(45_000)],
        ]);
        expect(
          r.budget.contracts.map((c) => [c.contractId, c.value.converted, c.billedInPeriod, c.billedToDate]),
        ).toEqual([[ids.contract, eur(120_000), eur(20_000), eur(20_000)]]);
        expect({
          issued: r.invoices.issued.map((i) => i.id),
          paid: r.invoices.paid.map((i) => i.id),
          overdue: r.invoices.overdue.map((i) => i.id),
          totals: [r.invoices.issuedTotal, r.invoices.paidTotal, r.invoices.overdueTotal],
        }).toEqual({
          issued: [more.unpaid, more.paid],
          paid: [more.paid],
          overdue: [more.unpaid],
          totals: [eur(20_000), eur(10_000), eur(10_000)],
        });
        expect(r.escalations.opened.map((e) => e.id)).toEqual([more.escalation]);
        expect({
          tasks: r.nextSteps.tasks.map((t) => t.id),
          planned: r.nextSteps.plannedActivities.map((a) => a.id),
          actionItems: r.nextSteps.actionItems.map((i) => i.item),
        }).toEqual({ tasks: [more.task], planned: [more.call], actionItems: ["Send the media plan"] });
      });

      describe("what is internal stays internal", () => {
        const secret = {
          note: "SECRET-NOTE their CFO is leaving",
          callBody: "SECRET-CALL they may cut the budget",
          task: "SECRET-TASK chase the overdue invoice",
        };
        const shared = { note: "Launch moved to 10 December", noteBody: "As agreed on the call" };
        let ws: string;
        beforeAll(async () => {
          ws = newWs();
          await richWorkspace(ws);
          const log = (id: string, input: Record<string, unknown>) =>
            run(
              ws,
              "activity",
              id,
              {
                type: "LogActivity",
                activityId: id,
                accountId: ids.account,
                at: "2026-10-22T10:00:00.000Z",
                ...input,
              },
              ids.ae,
            );
          await log("act-internal", { kind: "note", subject: secret.note, body: secret.note });
          await log("act-shared", {
            kind: "note",
            subject: shared.note,
            body: shared.noteBody,
            visibility: "client",
          });
          await log("act-team-call", { kind: "call", subject: "Weekly call", body: secret.callBody });
          await run(
            ws,
            "task",
            "t-internal",
            {
              type: "CreateTask",
              taskId: "t-internal",
              accountId: ids.account,
              title: secret.task,
              assigneeId: ids.ae,
              dueDate: "2026-11-21",
            },
            ids.ae,
          );
          // A second rich workspace: on a loaded machine its seeding can take longer than a hook's default minute.
        }, 180_000);

        const report = async () =>
          value(
            await service.queries.clientReport(ws, {
              accountId: ids.account,
              period: "2026-Q4",
              now: at("2026-11-03T12:00:00.000Z"),
            }),
          );

        it("holds no internal note, no team note on a call and no task not agreed with the client", async () => {
          const r = await report();
          const texts = [JSON.stringify(r), renderClientReportMarkdown(r), renderClientReportHtml(r)];
          for (const text of texts) for (const s of Object.values(secret)) expect(text).not.toContain(s);
          expect(r.activities.map((a) => [a.id, a.body])).toEqual([
            [more.meeting, null],
            ["act-shared", shared.noteBody],
            ["act-team-call", null],
          ]);
          expect(r.nextSteps.tasks.map((t) => t.id)).toEqual([more.task]);
          for (const text of [renderClientReportMarkdown(r), renderClientReportHtml(r)])
            expect(text).toContain(shared.note);
        });

        it("holds none of the agency's cost: burn is what was billed, never the P&L's cost", async () => {
          const r = await report();
          const pnl = value(await service.queries.pnl(ws, { accountId: ids.account, period: "2026-Q4" }));
          const cost = pnl.accounts[0]!.actual.cost;
          expect(cost).toEqual(money(600_000, "EUR"));
          expect(r.budget.billedToDate).not.toEqual(cost);
          expect(r.budget.billedToDate).toEqual(r.invoices.issuedTotal);
          const json = JSON.stringify(r);
          expect(json).not.toMatch(/"cost"/);
          // Neither the cost entries' 6,000 nor the tower's 80,000 of cost appears anywhere.
          for (const amount of [600_000, eur(80_000).amount])
            expect(json).not.toContain(`"amount":${amount},`);
          for (const text of [renderClientReportMarkdown(r), renderClientReportHtml(r)])
            expect(text).not.toMatch(/cost/i);
        });
      });

      it("refuses an unknown account and a period that does not exist", async () => {
        const missing = await service.queries.clientReport(rich, {
          accountId: "a-nobody",
          period: "2026-Q4",
        });
        expect(missing.ok || missing.error).toMatchObject({ _tag: "NotFound" });
        const badPeriod = await service.queries.clientReport(rich, {
          accountId: ids.account,
          period: "2026-Q5",
        });
        expect(badPeriod.ok || badPeriod.error).toMatchObject({ _tag: "InvalidInput", field: "period" });
      });
    });
  });
}
