import { randomBytes } from "node:crypto";
import { type CalendarDate, defaultWorkspaceSettings, spellDate } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { claimKey, readKeyed, schema } from "@accountable/store";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { cmd, eur, ids, must, next, seedWorkspace } from "./scenario.ts";

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`service on ${target.name}`, () => {
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

    describe("execute", () => {
      it("answers a command for a record that is not there as NotFound, and a second creation as AlreadyExists", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const ghost = await service.execute(
          ws,
          cmd("opportunity", "o-ghost", { type: "MoveStage", stageId: "proposal" }),
          ids.admin,
        );
        expect(ghost.ok || ghost.error).toMatchObject({
          _tag: "NotFound",
          entity: "opportunity",
          id: "o-ghost",
        });
        const again = await service.execute(
          ws,
          cmd("account", ids.account, {
            type: "CreateAccount",
            accountId: ids.account,
            name: "Acme",
            ownerId: ids.ae,
          }),
          ids.admin,
        );
        expect(again.ok || again.error).toMatchObject({ _tag: "AlreadyExists", id: ids.account });
      });

      it("refuses a second account of a name the workspace has (accents, case and spacing aside) unless allowDuplicate says so", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const create = (id: string, name: string, extra: Record<string, unknown> = {}) =>
          service.execute(
            ws,
            cmd("account", id, { type: "CreateAccount", accountId: id, name, ownerId: ids.ae, ...extra }),
            ids.admin,
          );
        expect((await create("a-zephyr", "Zephyr Logistics")).ok).toBe(true);
        const namesake = await create("a-zephyr-2", "  zephyr   LOGISTICS ");
        expect(namesake.ok || namesake.error).toMatchObject({
          _tag: "AlreadyExists",
          entity: "account",
          id: "a-zephyr",
          message:
            'There is already an account named "Zephyr Logistics" (a-zephyr). To add another account with the same name, create it with allowDuplicate.',
        });
        expect((await service.load(ws, "account", "a-zephyr-2")).version).toBe(0);
        expect((await create("a-zephyr-2", "Zephyr Logistics", { allowDuplicate: true })).ok).toBe(true);
        expect((await service.load(ws, "account", "a-zephyr-2")).version).toBe(1);
        // Another name is not a namesake.
        expect((await create("a-zephyr-air", "Zephyr Logistics Air")).ok).toBe(true);
        // Accents aside too, as the import compares names (the same steps in SQL): composed, decomposed or none.
        expect((await create("a-societe", "Société Générale")).ok).toBe(true);
        for (const [id, name] of [
          ["a-societe-2", "SOCIETE GENERALE"],
          ["a-societe-3", "Socie\u0301te\u0301 Ge\u0301ne\u0301rale"],
        ] as const) {
          const accented = await create(id, name);
          expect(accented.ok || accented.error).toMatchObject({ _tag: "AlreadyExists", id: "a-societe" });
        }
        expect((await create("a-societe-air", "Société Générale Air")).ok).toBe(true);
      });

      it("refuses a command naming an account, contact or member that is not in the workspace, by field", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const deal = (over: Record<string, unknown>) =>
          cmd("opportunity", "o-new", {
            type: "CreateOpportunity",
            opportunityId: "o-new",
            accountId: ids.account,
            ownerId: ids.ae,
            name: "New deal",
            opportunityType: "new_business",
            amount: eur(1_000),
            closeDate: "2027-06-30",
            ...over,
          });
        for (const [field, over] of [
          ["accountId", { accountId: "a-ghost" }],
          ["ownerId", { ownerId: "m-ghost" }],
          ["stakeholderIds", { stakeholderIds: [ids.dm, "c-ghost"] }],
        ] as const) {
          const r = await service.execute(ws, deal(over), ids.admin);
          expect(r.ok || r.error).toMatchObject({ _tag: "InvalidInput", field });
          expect(r.ok || r.error.message).toMatch(/^There is no \w+ [a-z]-ghost in this workspace\.$/);
        }
        expect((await service.execute(ws, deal({}), ids.admin)).ok).toBe(true);
      });

      it("refuses a move whose exit criteria are missing, saying what is missing, and writes nothing", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const before = await service.load(ws, "opportunity", ids.opp);
        const r = await service.execute(
          ws,
          cmd("opportunity", ids.opp, { type: "MoveStage", stageId: "proposal" }),
          ids.ae,
        );
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error._tag).toBe("ExitCriteriaNotMet");
          expect(r.error.message).toBe(
            "Cannot move from Discovery to Proposal yet: document at least one client need and record the client's budget.",
          );
        }
        expect((await service.load(ws, "opportunity", ids.opp)).version).toBe(before.version);
      });

      it("accepts the move once need and budget are recorded, and projects the read table", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await must(
          service,
          ws,
          cmd("opportunity", ids.opp, { type: "RecordNeed", need: "A 2027 brand campaign" }),
          ids.ae,
        );
        await must(
          service,
          ws,
          cmd("opportunity", ids.opp, { type: "SetBudget", budget: eur(150_000) }),
          ids.ae,
        );
        const done = await must(
          service,
          ws,
          cmd("opportunity", ids.opp, { type: "MoveStage", stageId: "proposal" }),
          ids.ae,
        );
        expect(done.events.map((e) => e.type)).toEqual(["OpportunityStageChanged"]);
        const [row] = await handle.db
          .select()
          .from(schema.opportunities)
          .where(eq(schema.opportunities.workspaceId, ws));
        expect(row).toMatchObject({
          id: ids.opp,
          stageId: "proposal",
          probability: 50,
          version: done.version,
          amountMinor: 12_000_000,
        });
      });

      it("refuses a member whose role may not do it, in a sentence", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const r = await service.execute(
          ws,
          cmd("opportunity", ids.opp, { type: "RecordNeed", need: "x" }),
          ids.viewer,
        );
        expect(r.ok || r.error._tag).toBe("NotPermitted");
        if (!r.ok) expect(r.error.message).toMatch(/^As a viewer you may not /);
      });

      it("refuses someone who is not a member of the workspace", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const r = await service.execute(
          ws,
          cmd("opportunity", ids.opp, { type: "RecordNeed", need: "x" }),
          "m-stranger",
        );
        expect(r.ok || r.error._tag).toBe("NotAMember");
      });

      it("refuses a command decided on a stale version, naming the current one", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const { version } = await service.load(ws, "opportunity", ids.opp);
        await must(
          service,
          ws,
          cmd("opportunity", ids.opp, { type: "RecordNeed", need: "first" }, version),
          ids.ae,
        );
        const r = await service.execute(
          ws,
          cmd("opportunity", ids.opp, { type: "RecordNeed", need: "second" }, version),
          ids.ae,
        );
        expect(r.ok ? r : r.error).toMatchObject({
          _tag: "StaleVersion",
          expectedVersion: version,
          currentVersion: version + 1,
        });
      });

      it("runs a dry run through the rules without writing", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const before = await service.load(ws, "opportunity", ids.opp);
        const r = await service.execute(
          ws,
          cmd("opportunity", ids.opp, { type: "RecordNeed", need: "dry" }),
          ids.ae,
          { dryRun: true },
        );
        expect(r.ok && r.value).toMatchObject({
          dryRun: true,
          events: [{ type: "NeedRecorded", need: "dry" }],
        });
        expect((await service.load(ws, "opportunity", ids.opp)).version).toBe(before.version);
      });

      it("writes what beforeCommit writes with the command's events, and nothing when it throws", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const before = await service.load(ws, "opportunity", ids.opp);
        const ref = { workspaceId: ws, scope: "test", key: "with-the-events" };
        const kept = await service.execute(
          ws,
          cmd("opportunity", ids.opp, { type: "RecordNeed", need: "kept" }),
          ids.ae,
          {
            beforeCommit: async (tx, executed) => {
              await claimKey(tx, ref, { version: executed.version });
            },
          },
        );
        expect(kept.ok).toBe(true);
        expect((await readKeyed(handle.db, ref))?.result).toEqual({ version: before.version + 1 });

        const refused = service.execute(
          ws,
          cmd("opportunity", ids.opp, { type: "RecordNeed", need: "rolled back" }),
          ids.ae,
          {
            beforeCommit: async (tx) => {
              await claimKey(tx, { ...ref, key: "never" }, {});
              throw new Error("the key is no longer ours");
            },
          },
        );
        await expect(refused).rejects.toThrow("the key is no longer ours");
        expect((await service.load(ws, "opportunity", ids.opp)).version).toBe(before.version + 1);
        expect(await readKeyed(handle.db, { ...ref, key: "never" })).toBeUndefined();
      });

      it("moves a prospect to onboarding when its first contract is signed (a follow-up)", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await must(
          service,
          ws,
          cmd("contract", ids.contract, {
            type: "CreateContract",
            contractId: ids.contract,
            accountId: ids.account,
            opportunityId: ids.opp,
            ownerId: ids.ae,
            title: "Acme retainer 2027",
            value: eur(120_000),
            startDate: "2027-01-01",
            term: { unit: "months", count: 12 },
            noticePeriod: { unit: "months", count: 3 },
            autoRenewal: true,
          }),
          ids.ae,
        );
        await must(service, ws, cmd("contract", ids.contract, { type: "StartNegotiation" }), ids.ae);
        await must(service, ws, cmd("contract", ids.contract, { type: "SubmitForApproval" }), ids.ae);
        await must(service, ws, cmd("contract", ids.contract, { type: "Approve" }), ids.director);
        const signed = await must(service, ws, cmd("contract", ids.contract, { type: "Sign" }), ids.ae);
        expect(signed.followUps).toMatchObject([
          { target: "account", command: { type: "StartOnboarding" }, ok: true },
          { target: "contract", command: { type: "HandOverToDelivery" }, ok: true },
        ]);
        const account = await service.load(ws, "account", ids.account);
        expect(account.state.status).toBe("onboarding");
        const [event] = await handle.db
          .select()
          .from(schema.events)
          .where(and(eq(schema.events.workspaceId, ws), eq(schema.events.streamId, ids.account)))
          .orderBy(asc(schema.events.version))
          .offset(1);
        expect(event).toMatchObject({
          type: "AccountOnboardingStarted",
          actorId: "system",
          reason: 'its first contract, "Acme retainer 2027", was signed',
        });
      });

      it("hands a signed contract over to delivery: towers' managers and named PMs join the team, tasks are created, the contract's history says so", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const member = (memberId: string, role: string) =>
          must(
            service,
            ws,
            cmd("member", memberId, {
              type: "AddMember",
              memberId,
              name: memberId,
              email: `${memberId}@agency.test`,
              role,
              reportsTo: ids.supervisor,
            }),
            ids.admin,
          );
        await member("m-ann", "account_manager");
        await member("m-pat", "project_manager");
        // Ann is on the team already: she is not added twice.
        await must(
          service,
          ws,
          cmd("account", ids.account, { type: "AddTeamMember", memberId: "m-ann", role: "account_manager" }),
          ids.admin,
        );
        const settings = defaultWorkspaceSettings();
        await must(
          service,
          ws,
          cmd("workspace", ws, {
            type: "UpdateSettings",
            settings: {
              ...settings,
              handover: {
                ...settings.handover,
                kickoffTasks: [
                  { title: "Start your tower", assignee: "account_managers", dueAfterDays: 5 },
                  { title: "Delivery plan", assignee: "project_managers", dueAfterDays: 7 },
                ],
                onboardingChecklist: [{ title: "Billing contact confirmed", dueAfterDays: 3 }],
              },
            },
          }),
          ids.admin,
        );
        await must(
          service,
          ws,
          cmd("contract", ids.contract, {
            type: "CreateContract",
            contractId: ids.contract,
            accountId: ids.account,
            ownerId: ids.ae,
            title: "Acme managed services",
            value: eur(20_000),
            startDate: "2027-01-01",
            term: { unit: "months", count: 12 },
            noticePeriod: { unit: "months", count: 3 },
            autoRenewal: true,
            towers: [
              {
                id: "t-desk",
                name: "Service desk",
                accountManagerId: "m-ann",
                value: eur(20_000),
                cost: eur(9_000),
              },
            ],
          }),
          ids.ae,
        );
        await must(
          service,
          ws,
          cmd("contract", ids.contract, { type: "NameProjectManagers", projectManagerIds: ["m-pat"] }),
          ids.ae,
        );
        await must(service, ws, cmd("contract", ids.contract, { type: "SubmitForApproval" }), ids.ae);
        await must(service, ws, cmd("contract", ids.contract, { type: "Approve" }), ids.supervisor);
        const signedAt = next();
        await must(service, ws, cmd("contract", ids.contract, { type: "Sign" }), ids.ae, signedAt);

        const account = await service.load(ws, "account", ids.account);
        expect(account.state).toMatchObject({
          status: "onboarding",
          team: [
            { memberId: "m-ann", role: "account_manager" },
            { memberId: "m-pat", role: "project_manager" },
          ],
        });
        const today = signedAt.slice(0, 10);
        const plus = (days: number) =>
          new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);
        const tasks = await Promise.all(
          [1, 2, 3].map(async (n) => (await service.load(ws, "task", `${ids.contract}.handover.${n}`)).state),
        );
        expect(tasks).toMatchObject([
          {
            status: "open",
            accountId: ids.account,
            title: "Start your tower (Service desk)",
            assigneeId: "m-ann",
            dueDate: plus(5),
          },
          { status: "open", title: "Delivery plan", assigneeId: "m-pat", dueDate: plus(7) },
          {
            status: "open",
            title: "Onboarding: Billing contact confirmed",
            assigneeId: ids.ae,
            dueDate: plus(3),
          },
        ]);
        const history = await handle.db
          .select()
          .from(schema.events)
          .where(and(eq(schema.events.workspaceId, ws), eq(schema.events.streamId, ids.contract)))
          .orderBy(asc(schema.events.version));
        expect(history.at(-1)).toMatchObject({
          type: "DeliveryHandedOver",
          actorId: "system",
          reason: '"Acme managed services" was signed: the workspace hands signed contracts over to delivery',
          payload: { team: [{ memberId: "m-ann" }, { memberId: "m-pat" }], tasks: [{}, {}, {}] },
        });
        // Handed over once: doing it again by hand is refused, saying when it was done.
        const again = await service.execute(
          ws,
          cmd("contract", ids.contract, { type: "HandOverToDelivery" }),
          ids.ae,
          { now: next() },
        );
        expect(again.ok || again.error).toMatchObject({
          _tag: "InvalidInput",
          message: `This contract was handed over to delivery on ${spellDate(today as CalendarDate, today as CalendarDate)}.`,
        });
      });

      it("keeps workspaces apart: the same ids in two workspaces never meet", async () => {
        const a = newWs();
        const b = newWs();
        await seedWorkspace(service, a);
        await seedWorkspace(service, b);
        await must(
          service,
          a,
          cmd("opportunity", ids.opp, { type: "RecordNeed", need: "only in A" }),
          ids.ae,
        );
        const inB = await service.load(b, "opportunity", ids.opp);
        expect(inB.state.status === "open" && inB.state.needs).toEqual([]);
      });
    });

    describe("history", () => {
      it("loads an aggregate as it stood at a past moment", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const then = next();
        await must(service, ws, cmd("opportunity", ids.opp, { type: "RecordNeed", need: "later" }), ids.ae);
        const past = await service.load(ws, "opportunity", ids.opp, then);
        const now = await service.load(ws, "opportunity", ids.opp);
        expect(past.state.status === "open" && past.state.needs).toEqual([]);
        expect(now.state.status === "open" && now.state.needs).toEqual(["later"]);
        expect(now.version).toBe(past.version + 1);
      });

      it("rebuilds the read tables from the events into the same rows", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        await must(service, ws, cmd("opportunity", ids.opp, { type: "RecordNeed", need: "n" }), ids.ae);
        const snapshot = async () => {
          const out: Record<string, unknown[]> = {};
          for (const [name, table] of Object.entries({
            accounts: schema.accounts,
            contacts: schema.contacts,
            members: schema.members,
            opportunities: schema.opportunities,
          })) {
            out[name] = await handle.db
              .select()
              .from(table)
              .where(eq(table.workspaceId, ws))
              .orderBy(asc(table.id));
          }
          return out;
        };
        const before = await snapshot();
        expect(before.opportunities).toHaveLength(1);
        const rebuilt = await service.rebuild(ws);
        expect(rebuilt.streams).toBeGreaterThanOrEqual(9);
        expect(await snapshot()).toEqual(before);
      });
    });

    describe.skipIf(target.name !== "PostgreSQL")("concurrency", () => {
      it("lets exactly one of 50 conflicting commands win per version; the others learn the current version", async () => {
        const ws = newWs();
        await seedWorkspace(service, ws);
        const { version } = await service.load(ws, "opportunity", ids.opp);
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            service.execute(
              ws,
              cmd("opportunity", ids.opp, { type: "RecordNeed", need: `need ${i}` }, version),
              ids.ae,
            ),
          ),
        );
        const winners = results.filter((r) => r.ok);
        const losers = results.flatMap((r) => (r.ok ? [] : [r.error]));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(49);
        for (const l of losers)
          expect(l).toMatchObject({ _tag: "StaleVersion", currentVersion: version + 1 });
        const after = await service.load(ws, "opportunity", ids.opp);
        expect(after.version).toBe(version + 1);
        expect(after.state.status === "open" && after.state.needs).toHaveLength(1);
      });
    });
  });
}
