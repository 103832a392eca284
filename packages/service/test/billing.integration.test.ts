// Billing through the service: a completed milestone drafts its invoice (a follow-up of the domain's policy), a
// line may bill only a milestone of the invoice's contract; a retainer's periods are billed by the sweep, each once,
// drafting invoices only while the workspace says so.
import { randomBytes } from "node:crypto";
import { timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { cmd, eur, ids, must, next, seedWorkspace } from "./scenario.ts";

/** Creates, negotiates, approves and signs a contract for Acme with the given extra terms. */
export async function signContract(
  service: Service,
  ws: string,
  contractId: string,
  terms: Record<string, unknown> = {},
) {
  await must(
    service,
    ws,
    cmd("contract", contractId, {
      type: "CreateContract",
      contractId,
      accountId: ids.account,
      opportunityId: ids.opp,
      ownerId: ids.ae,
      title: "Acme retainer 2027",
      value: eur(120_000),
      startDate: "2027-01-01",
      term: { unit: "months", count: 12 },
      noticePeriod: { unit: "months", count: 3 },
      autoRenewal: true,
      ...terms,
    }),
    ids.ae,
  );
  await must(service, ws, cmd("contract", contractId, { type: "SubmitForApproval" }), ids.ae);
  await must(service, ws, cmd("contract", contractId, { type: "Approve" }), ids.director);
  return must(service, ws, cmd("contract", contractId, { type: "Sign" }), ids.ae);
}

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`billing on ${target.name}`, () => {
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

    describe("retainers", () => {
      const setDrafting = async (ws: string, draftRetainerInvoices: boolean) => {
        const settings = (await service.load(ws, "workspace", ws)).state as { settings: object };
        await must(
          service,
          ws,
          cmd("workspace", ws, {
            type: "UpdateSettings",
            settings: { ...settings.settings, billing: { draftRetainerInvoices } },
          }),
          ids.admin,
        );
      };
      const periodInvoices = async (ws: string) => {
        const page = await service.queries.listInvoices(ws, { contractId: ids.contract, limit: 50 });
        if (!page.ok) throw new Error(page.error.message);
        return page.value.items.map((i) => i.id).filter((id) => id.includes(".period."));
      };

      it("with drafting off, the sweep marks the periods billed without invoices; on again, only later periods draft", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await setDrafting(ws, false);
        await signContract(service, ws, ids.contract);
        await must(
          service,
          ws,
          cmd("contract", ids.contract, {
            type: "SetBillingSchedule",
            amount: eur(10_000),
            period: "quarterly",
          }),
          ids.ae,
        );
        const off = await service.sweep(ws, timestamp("2027-04-02T02:00:00.000Z"));
        expect(off.retainers.applied.map((a) => [a.command.type, a.followUps.length])).toEqual([
          ["BillRetainerPeriod", 0],
          ["BillRetainerPeriod", 0],
        ]);
        expect(await periodInvoices(ws)).toEqual([]);
        const contract = (await service.load(ws, "contract", ids.contract)).state as {
          billingSchedule: { billedThrough: string };
        };
        expect(contract.billingSchedule.billedThrough).toBe("2027-06-30");

        await setDrafting(ws, true);
        await service.sweep(ws, timestamp("2027-07-01T02:00:00.000Z"));
        await service.sweep(ws, timestamp("2027-07-01T02:00:00.000Z"));
        expect(await periodInvoices(ws)).toEqual([`${ids.contract}.period.20270701`]);
      });
    });

    describe("milestones", () => {
      it("completing a billable milestone drafts its invoice, linked to it, once", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signContract(service, ws, ids.contract, {
          milestones: [
            { id: "ms-design", title: "Design signed off", dueDate: "2027-02-28", amount: eur(30_000) },
            { id: "ms-kickoff", title: "Kick-off", dueDate: "2027-01-15" },
          ],
        });
        const done = await must(
          service,
          ws,
          cmd("contract", ids.contract, {
            type: "CompleteMilestone",
            milestoneId: "ms-design",
            doneOn: "2026-11-02",
          }),
          ids.ae,
        );
        const invoiceId = `${ids.contract}.milestone.ms-design`;
        expect(done.followUps).toMatchObject([
          { target: "invoice", id: invoiceId, command: { type: "DraftInvoice" }, ok: true },
        ]);
        const invoice = await service.load(ws, "invoice", invoiceId);
        expect(invoice.state).toMatchObject({
          status: "draft",
          contractId: ids.contract,
          dueDate: "2026-12-02",
          lines: [{ milestoneId: "ms-design", unitPrice: eur(30_000), quantity: "1" }],
        });
        // A milestone without an amount raises nothing.
        const kickoff = await must(
          service,
          ws,
          cmd("contract", ids.contract, {
            type: "CompleteMilestone",
            milestoneId: "ms-kickoff",
            doneOn: "2026-11-02",
          }),
          ids.ae,
        );
        expect(kickoff.followUps).toEqual([]);
      });

      it("the workspace can turn milestone invoices off", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const settings = (await service.load(ws, "workspace", ws)).state as { settings: object };
        await must(
          service,
          ws,
          cmd("workspace", ws, {
            type: "UpdateSettings",
            settings: { ...settings.settings, billing: { draftInvoiceOnMilestone: false } },
          }),
          ids.admin,
        );
        await signContract(service, ws, ids.contract, {
          milestones: [{ id: "ms-1", title: "Design", dueDate: "2027-02-28", amount: eur(30_000) }],
        });
        const done = await must(
          service,
          ws,
          cmd("contract", ids.contract, {
            type: "CompleteMilestone",
            milestoneId: "ms-1",
            doneOn: "2026-11-02",
          }),
          ids.ae,
        );
        expect(done.followUps).toEqual([]);
      });

      it("refuses an invoice line billing a milestone its contract does not have", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await signContract(service, ws, ids.contract);
        const r = await service.execute(
          ws,
          cmd("invoice", "inv-1", {
            type: "DraftInvoice",
            invoiceId: "inv-1",
            accountId: ids.account,
            contractId: ids.contract,
            currency: "EUR",
            lines: [{ description: "Design", quantity: "1", unitPrice: eur(100), milestoneId: "ms-none" }],
            dueDate: "2026-12-31",
          }),
          ids.admin,
          { now: next() },
        );
        expect(r).toMatchObject({ ok: false, error: { _tag: "InvalidInput", field: "milestoneId" } });
      });
    });
  });
}
