// The inbox over HTTP on both drivers: what waits on each member (an approval only an admin may give, an
// escalation, a task), marking read and unread, and refusals of what is not in the inbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, run, seedAgency, WS } from "./seed.ts";

const eur = (major: number) => ({ amount: major * 100, currency: "EUR" });

interface InboxBody {
  unread: number;
  items: {
    key: string;
    kind: string;
    recordId: string;
    title: string;
    accountName: string | null;
    read: boolean;
    overdue: boolean;
  }[];
}

describe.each(TARGETS)("inbox on $name", (target) => {
  let h: Harness;
  const inbox = async (who: string, query = "") => {
    const res = await h.call(who, "GET", `/api/workspaces/${WS}/inbox${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as InboxBody;
  };
  const mark = (who: string, body: unknown) => h.call(who, "POST", `/api/workspaces/${WS}/inbox/read`, body);

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    h.grant("ae", WS, M.ae);
    h.grant("admin", WS, M.admin);
    h.grant("viewer", WS, M.viewer);
    const s = h.service;
    await run(
      s,
      WS,
      "task",
      "t1",
      {
        type: "CreateTask",
        taskId: "t1",
        accountId: "acme",
        title: "Send the media plan",
        assigneeId: M.ae,
        dueDate: "2020-01-20",
        agreedWithClient: true,
      },
      M.ae,
    );
    await run(
      s,
      WS,
      "escalation",
      "e1",
      {
        type: "OpenEscalation",
        escalationId: "e1",
        accountId: "acme",
        title: "Campaign went live late",
        severity: "high",
        ownerId: M.ae,
      },
      M.ae,
    );
    await run(
      s,
      WS,
      "contract",
      "c1",
      {
        type: "CreateContract",
        contractId: "c1",
        accountId: "acme",
        ownerId: M.ae,
        title: "Big retainer",
        value: eur(300_000),
        term: { unit: "months", count: 12 },
        noticePeriod: { unit: "months", count: 3 },
        autoRenewal: false,
        startDate: "2030-01-01",
      },
      M.ae,
    );
    await run(s, WS, "contract", "c1", { type: "StartNegotiation" }, M.ae);
    await run(s, WS, "contract", "c1", { type: "SubmitForApproval" }, M.ae);
  });
  afterAll(async () => h?.close());

  it.skipIf(target.skip)(
    "shows each member what waits on them: overdue first, with the account's name",
    async () => {
      const ae = await inbox("ae");
      expect(ae.items.map((i) => [i.kind, i.recordId, i.overdue])).toEqual([
        ["task", "t1", true],
        ["escalation", "e1", false],
      ]);
      expect(ae.items[0]).toMatchObject({
        title: "Client deadline: Send the media plan",
        accountName: "Acme",
        read: false,
      });
      expect(ae.unread).toBe(2);
      const admin = await inbox("admin");
      expect(admin.items).toEqual([
        expect.objectContaining({ kind: "approval", recordId: "c1", title: "Approve Big retainer" }),
      ]);
      expect((await inbox("viewer")).items).toEqual([]);
    },
  );

  it.skipIf(target.skip)("marks items read and unread; the count and ?unread=true follow", async () => {
    const { items } = await inbox("ae");
    const res = await mark("ae", { keys: [items[0]!.key] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ marked: 1, unread: 1 });
    const after = await inbox("ae");
    expect(after.items.map((i) => i.read)).toEqual([true, false]);
    expect((await inbox("ae", "?unread=true")).items.map((i) => i.recordId)).toEqual(["e1"]);
    expect(await (await mark("ae", { keys: "all" })).json()).toEqual({ marked: 2, unread: 0 });
    expect(await (await mark("ae", { keys: [items[1]!.key], unread: true })).json()).toEqual({
      marked: 1,
      unread: 1,
    });
    // Marks are the member's own: the admin's inbox is untouched.
    expect((await inbox("admin")).unread).toBe(1);
  });

  it.skipIf(target.skip)(
    "news on a read item makes it unread again; a done item leaves the inbox",
    async () => {
      await mark("ae", { keys: "all" });
      await run(h.service, WS, "escalation", "e1", { type: "Acknowledge" }, M.ae);
      const after = await inbox("ae");
      expect(after.items.find((i) => i.recordId === "e1")).toMatchObject({ read: false });
      expect(after.unread).toBe(1);
      await run(h.service, WS, "contract", "c1", { type: "Approve" }, M.admin);
      expect((await inbox("admin")).items).toEqual([]);
    },
  );

  it.skipIf(target.skip)(
    "refuses keys not in the inbox by name, and bodies it cannot read, saying why",
    async () => {
      const missing = await mark("ae", { keys: ["task:nope:2020-01-01:m-ae"] });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toContain("application/problem+json");
      expect((await missing.json()).detail).toContain('Your inbox has no item "task:nope:2020-01-01:m-ae"');
      const unknown = await mark("ae", { keys: "all", everything: true });
      expect(unknown.status).toBe(422);
      expect(JSON.stringify(await unknown.json())).toContain("everything");
      expect((await mark("ae", { keys: [] })).status).toBe(422);
      const badQuery = await h.call("ae", "GET", `/api/workspaces/${WS}/inbox?unread=maybe`);
      expect([400, 422]).toContain(badQuery.status);
    },
  );
});
