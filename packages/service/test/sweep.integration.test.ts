import { randomBytes } from "node:crypto";
import { type Timestamp, timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { schema } from "@accountable/store";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, type Service, type SweepRuleOutcome } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { cmd, eur, ids, must, next, seedWorkspace } from "./scenario.ts";

const at = (iso: string): Timestamp => timestamp(iso);
const commandsOf = (o: SweepRuleOutcome) => o.applied.map((a) => `${a.id} ${a.command.type}`);

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`sweep on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const newWs = () => `ws-${randomBytes(4).toString("hex")}`;

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: next });
    });
    afterAll(async () => {
      await handle?.close();
    });

    const eventCount = async (ws: string) => {
      const [row] = await handle.db
        .select({ n: count() })
        .from(schema.events)
        .where(eq(schema.events.workspaceId, ws));
      return row!.n;
    };

    /** Drafts, negotiates, approves (the director: 120,000 EUR) and signs a contract on the seeded account. */
    const signedContract = async (
      ws: string,
      id: string,
      terms: { startDate: string; autoRenewal: boolean },
    ) => {
      await must(
        service,
        ws,
        cmd("contract", id, {
          type: "CreateContract",
          contractId: id,
          accountId: ids.account,
          opportunityId: ids.opp,
          ownerId: ids.ae,
          title: `Acme ${id}`,
          value: eur(120_000),
          startDate: terms.startDate,
          term: { unit: "months", count: 12 },
          noticePeriod: { unit: "months", count: 3 },
          autoRenewal: terms.autoRenewal,
        }),
        ids.ae,
      );
      await must(service, ws, cmd("contract", id, { type: "StartNegotiation" }), ids.ae);
      await must(service, ws, cmd("contract", id, { type: "SubmitForApproval" }), ids.ae);
      await must(service, ws, cmd("contract", id, { type: "Approve" }), ids.director);
      await must(service, ws, cmd("contract", id, { type: "Sign" }), ids.ae);
    };

    const renewalDeals = (ws: string) =>
      handle.db
        .select({ id: schema.opportunities.id, closeDate: schema.opportunities.closeDate })
        .from(schema.opportunities)
        .where(and(eq(schema.opportunities.workspaceId, ws), eq(schema.opportunities.type, "renewal")));

    describe("contracts", () => {
      it("activates a signed contract on its start date and enters its notice window, opening exactly one renewal deal", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        // 2026-03-01 for 12 months ends 2027-02-28; 3 months' notice is due by 2026-11-30; the window opened
        // 120 days before, on 2026-08-02.
        await signedContract(ws, "k-1", { startDate: "2026-03-01", autoRenewal: true });
        // The account became onboarding when the contract was signed, before any sweep.
        expect((await service.load(ws, "account", ids.account)).state.status).toBe("onboarding");

        const first = await service.sweep(ws, at("2026-11-10T02:00:00.000Z"));
        expect(commandsOf(first.contracts)).toEqual(["k-1 Activate", "k-1 EnterNoticeWindow"]);
        expect(first.contracts.applied[1]!.followUps).toMatchObject([
          { target: "opportunity", command: { type: "CreateOpportunity" }, ok: true },
          { target: "contract", command: { type: "LinkRenewalOpportunity" }, ok: true },
        ]);
        expect(await renewalDeals(ws)).toEqual([{ id: "k-1.renewal.20270228", closeDate: "2026-11-30" }]);
        const contract = await service.load(ws, "contract", "k-1");
        expect(contract.state).toMatchObject({
          status: "expiring",
          renewalOpportunityId: "k-1.renewal.20270228",
        });
      });

      it("changes nothing when swept twice at the same moment: no event, no second renewal deal", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signedContract(ws, "k-1", { startDate: "2026-03-01", autoRenewal: true });
        const now = at("2026-11-10T02:00:00.000Z");
        await service.sweep(ws, now);
        const before = await eventCount(ws);
        const second = await service.sweep(ws, now);
        expect(await eventCount(ws)).toBe(before);
        expect(second.contracts).toEqual({ candidates: 0, applied: [], refused: [] });
        expect(await renewalDeals(ws)).toHaveLength(1);
      });

      it("renews a contract tacitly the day after its notice deadline when no notice was given", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signedContract(ws, "k-1", { startDate: "2026-03-01", autoRenewal: true });
        await service.sweep(ws, at("2026-11-10T02:00:00.000Z"));
        const onDeadline = await service.sweep(ws, at("2026-11-30T02:00:00.000Z"));
        expect(onDeadline.contracts.applied).toEqual([]);
        const dayAfter = await service.sweep(ws, at("2026-12-01T02:00:00.000Z"));
        expect(commandsOf(dayAfter.contracts)).toEqual(["k-1 ApplyTacitRenewal"]);
        expect((await service.load(ws, "contract", "k-1")).state).toMatchObject({
          status: "active",
          endDate: "2028-02-29",
        });
      });

      it("expires a contract that does not renew by itself the day after its end, catching up on every step", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signedContract(ws, "k-old", { startDate: "2025-11-01", autoRenewal: false });
        const r = await service.sweep(ws, at("2026-11-10T02:00:00.000Z"));
        expect(commandsOf(r.contracts)).toEqual([
          "k-old Activate",
          "k-old EnterNoticeWindow",
          "k-old Expire",
        ]);
        expect(r.contracts.applied.map((a) => a.because)).toEqual([
          "its start date, 1 Nov 2025, has come",
          "its notice window opened on 2 Apr 2026",
          "its term ended on 31 Oct 2026",
        ]);
        expect((await service.load(ws, "contract", "k-old")).state.status).toBe("expired");
      });

      const kept = (ws: string, streamId: string, type: string) =>
        handle.db
          .select({ actorId: schema.events.actorId, reason: schema.events.reason })
          .from(schema.events)
          .where(
            and(
              eq(schema.events.workspaceId, ws),
              eq(schema.events.streamId, streamId),
              eq(schema.events.type, type),
            ),
          );

      it("wins the renewal deal when the contract renews tacitly, kept in both histories", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signedContract(ws, "k-1", { startDate: "2026-03-01", autoRenewal: true });
        await service.sweep(ws, at("2026-11-10T02:00:00.000Z"));
        const r = await service.sweep(ws, at("2026-12-01T02:00:00.000Z"));
        expect(r.contracts.applied[0]!.followUps).toMatchObject([
          { target: "opportunity", id: "k-1.renewal.20270228", command: { type: "SettleRenewal" }, ok: true },
        ]);
        const deal = await service.load(ws, "opportunity", "k-1.renewal.20270228");
        expect(deal.state).toMatchObject({ status: "won", stageId: "renewed", contractId: "k-1" });
        expect((await service.load(ws, "contract", "k-1")).state).toMatchObject({
          status: "active",
          renewalOpportunityId: null,
          previousRenewalOpportunityId: "k-1.renewal.20270228",
        });
        expect(await kept(ws, "k-1", "ContractTacitlyRenewed")).toEqual([
          { actorId: "system", reason: "no notice of non-renewal was given by 30 Nov 2026" },
        ]);
        expect(await kept(ws, "k-1.renewal.20270228", "OpportunityWon")).toEqual([
          { actorId: "system", reason: '"Acme k-1" was renewed tacitly: its renewal deal is won' },
        ]);
      });

      it("opens a late renewal deal due the renewal lead ahead, never in the past, and loses it on expiry with the reason", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        // Notice was due by 2026-07-31; the first sweep comes on 2026-11-10.
        await signedContract(ws, "k-old", { startDate: "2025-11-01", autoRenewal: false });
        const r = await service.sweep(ws, at("2026-11-10T02:00:00.000Z"));
        expect(commandsOf(r.contracts)).toEqual([
          "k-old Activate",
          "k-old EnterNoticeWindow",
          "k-old Expire",
        ]);
        expect(r.contracts.applied[2]!.followUps).toMatchObject([
          { target: "opportunity", command: { type: "SettleRenewal", contractId: "k-old" }, ok: true },
        ]);
        expect(await renewalDeals(ws)).toEqual([{ id: "k-old.renewal.20261031", closeDate: "2026-12-10" }]);
        const deal = await service.load(ws, "opportunity", "k-old.renewal.20261031");
        expect(deal.state).toMatchObject({
          status: "lost",
          stageId: "not_renewed",
          lossReason: '"Acme k-old" (k-old) expired at the end of its term on 31 Oct 2026',
        });
        expect(await kept(ws, "k-old.renewal.20261031", "OpportunityLost")).toEqual([
          { actorId: "system", reason: '"Acme k-old" was expired: its renewal deal is lost' },
        ]);
      });

      it("lowers the account's health once its only contract lapsed after a lost renewal, as the 360 says", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signedContract(ws, "k-old", { startDate: "2025-11-01", autoRenewal: false });
        const now = at("2026-11-11T09:00:00.000Z");
        const before = await service.queries.accountHealth(ws, { accountId: ids.account, now });
        await service.sweep(ws, at("2026-11-10T02:00:00.000Z"));
        const after = await service.queries.accountHealth(ws, { accountId: ids.account, now });
        if (!before.ok || !after.ok) throw new Error("health refused");
        const [was] = before.value.accounts;
        const [line] = after.value.accounts;
        const renewal = line!.health.factors.find((f) => f.signal === "renewal");
        expect(renewal).toMatchObject({
          pointsLost: 20,
          sentence: "“Acme k-old” expired on 10 Nov with no contract to follow it.",
        });
        expect(line!.health.score).toBeLessThan(was!.health.score);
        const a360 = await service.queries.account360(ws, ids.account, { now });
        expect(a360.ok && a360.value.health).toEqual({ ok: true, value: line!.health });
      });

      it("loses the renewal deal when the contract is terminated, and wins it when a signed renewal replaces it", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signedContract(ws, "k-1", { startDate: "2026-03-01", autoRenewal: true });
        await signedContract(ws, "k-2", { startDate: "2026-03-01", autoRenewal: true });
        await service.sweep(ws, at("2026-11-10T02:00:00.000Z"));
        const ended = await must(
          service,
          ws,
          cmd("contract", "k-1", { type: "Terminate", reason: "The client was acquired" }),
          ids.director,
        );
        expect(ended.followUps).toMatchObject([{ command: { type: "SettleRenewal" }, ok: true }]);
        expect((await service.load(ws, "opportunity", "k-1.renewal.20270228")).state).toMatchObject({
          status: "lost",
          lossReason: '"Acme k-1" (k-1) was terminated: The client was acquired',
        });
        await must(service, ws, cmd("contract", "k-2", { type: "MarkRenewed", renewedById: "k-1" }), ids.ae);
        expect((await service.load(ws, "opportunity", "k-2.renewal.20270228")).state).toMatchObject({
          status: "won",
          contractId: "k-1",
        });
      });

      it("refuses a person's SettleRenewal while the contract's renewal is undecided", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signedContract(ws, "k-1", { startDate: "2026-03-01", autoRenewal: true });
        await service.sweep(ws, at("2026-11-10T02:00:00.000Z"));
        const r = await service.execute(
          ws,
          cmd("opportunity", "k-1.renewal.20270228", { type: "SettleRenewal", contractId: "k-1" }),
          ids.ae,
          { now: next() },
        );
        expect(r.ok).toBe(false);
        expect(!r.ok && r.error.message).toBe("Contract k-1 is expiring: its renewal is not decided yet.");
      });

      it("keeps the sweep's events as the system's, with the reason", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signedContract(ws, "k-1", { startDate: "2026-03-01", autoRenewal: true });
        await service.sweep(ws, at("2026-11-10T02:00:00.000Z"));
        const kept = await handle.db
          .select({ type: schema.events.type, actorId: schema.events.actorId, reason: schema.events.reason })
          .from(schema.events)
          .where(
            and(
              eq(schema.events.workspaceId, ws),
              eq(schema.events.streamId, "k-1"),
              eq(schema.events.type, "ContractActivated"),
            ),
          );
        expect(kept).toEqual([
          { type: "ContractActivated", actorId: "system", reason: "its start date, 1 Mar 2026, has come" },
        ]);
      });

      it("reports a due command the machine refuses, with the refusal, and goes on", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signedContract(ws, "k-1", { startDate: "2026-03-01", autoRenewal: false });
        await service.sweep(ws, at("2026-05-01T02:00:00.000Z"));
        // A read row lagging behind its stream: it still says "signed", the stream says "active".
        await handle.db
          .update(schema.contracts)
          .set({ status: "signed", data: sql`jsonb_set(${schema.contracts.data}, '{status}', '"signed"')` })
          .where(and(eq(schema.contracts.workspaceId, ws), eq(schema.contracts.id, "k-1")));
        const r = await service.sweep(ws, at("2026-05-02T02:00:00.000Z"));
        expect(r.contracts.applied).toEqual([]);
        expect(r.contracts.refused).toMatchObject([
          { id: "k-1", command: { type: "Activate" }, refusal: { _tag: "TransitionNotAllowed" } },
        ]);
      });
    });

    describe("invoices", () => {
      it("marks an issued invoice overdue the day after its due date, once", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await must(
          service,
          ws,
          cmd("invoice", "i-1", {
            type: "DraftInvoice",
            invoiceId: "i-1",
            accountId: ids.account,
            currency: "EUR",
            lines: [{ description: "November retainer", quantity: "1", unitPrice: eur(10_000) }],
            dueDate: "2026-11-20",
          }),
          ids.ae,
        );
        await must(
          service,
          ws,
          cmd("invoice", "i-1", { type: "Issue", number: "2026-0001", issuedOn: "2026-11-02" }),
          ids.admin,
        );
        const onDueDate = await service.sweep(ws, at("2026-11-20T02:00:00.000Z"));
        expect(onDueDate.invoices).toEqual({ candidates: 0, applied: [], refused: [] });
        const dayAfter = await service.sweep(ws, at("2026-11-21T02:00:00.000Z"));
        expect(commandsOf(dayAfter.invoices)).toEqual(["i-1 MarkOverdue"]);
        expect((await service.load(ws, "invoice", "i-1")).state.status).toBe("overdue");
        const before = await eventCount(ws);
        await service.sweep(ws, at("2026-11-21T02:00:00.000Z"));
        expect(await eventCount(ws)).toBe(before);
      });
    });

    describe("escalations", () => {
      it("moves a critical escalation past its SLA to the owner's supervisor, once per breach", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const opened = next();
        for (const [id, severity] of [
          ["e-critical", "critical"],
          ["e-high", "high"],
        ] as const) {
          await must(
            service,
            ws,
            cmd("escalation", id, {
              type: "OpenEscalation",
              escalationId: id,
              accountId: ids.account,
              title: `Site down (${severity})`,
              severity,
              ownerId: ids.ae,
            }),
            ids.ae,
            opened,
          );
        }
        // Critical: 4 hours; high: 24 hours.
        const later = at(new Date(Date.parse(opened) + 5 * 3_600_000).toISOString());
        const r = await service.sweep(ws, later);
        expect(commandsOf(r.escalations)).toEqual(["e-critical EscalateToSupervisor"]);
        expect(r.escalations.applied[0]!.command).toEqual({
          type: "EscalateToSupervisor",
          supervisorId: ids.supervisor,
        });
        expect((await service.load(ws, "escalation", "e-critical")).state).toMatchObject({
          ownerId: ids.supervisor,
          escalatedTo: [ids.supervisor],
        });
        const before = await eventCount(ws);
        const again = await service.sweep(ws, later);
        expect(again.escalations.applied).toEqual([]);
        expect(await eventCount(ws)).toBe(before);
      });
    });

    describe("rotting deals", () => {
      it("reports a deal idle past its stage's limit as stale, and records nothing", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const before = await eventCount(ws);
        // Discovery rots after 21 idle days; the deal entered it on 2026-11-02.
        const fresh = await service.sweep(ws, at("2026-11-20T09:00:00.000Z"));
        expect(fresh.rotting.stale).toEqual([]);
        const r = await service.sweep(ws, at("2026-12-02T09:00:00.000Z"));
        expect(r.rotting.stale).toMatchObject([
          { opportunityId: ids.opp, stageId: "discovery", limit: 21, idleDays: 29, kind: "stale" },
        ]);
        expect(await eventCount(ws)).toBe(before);
      });

      it("spares a stale deal that has a planned activity ahead", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await must(
          service,
          ws,
          cmd("activity", "act-1", {
            type: "PlanActivity",
            activityId: "act-1",
            accountId: ids.account,
            opportunityId: ids.opp,
            kind: "meeting",
            subject: "Budget review",
            at: "2026-12-10T10:00:00.000Z",
          }),
          ids.ae,
        );
        const r = await service.sweep(ws, at("2026-12-02T09:00:00.000Z"));
        expect(r.rotting.stale).toEqual([]);
        expect(r.rotting.spared).toMatchObject([{ opportunityId: ids.opp, plannedActivityId: "act-1" }]);
      });
    });
  });
}
