// Ids are unique across a workspace's records. Creating a record with an id another kind of record holds is refused
// as existing, and reading or commanding it as the wrong kind answers 404 (the fuzz found a 500: "stream … holds
// task events, not account").
import { timestamp } from "@accountable/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";

const WS = "demo";

describe.each(TARGETS)("an id another kind of record holds, on $name", (target) => {
  let h: Harness;
  let taskId: string;
  let adminId: string;
  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    const seeded = await h.service.seedDemo({
      workspaceId: WS,
      seed: 3,
      now: timestamp("2026-11-02T12:00:00.000Z"),
      opportunities: 20,
    });
    if (!seeded.ok) throw new Error(seeded.error.message);
    adminId = seeded.value.login.memberId;
    h.grant("admin", WS, adminId);
    taskId = (await (await h.call("admin", "GET", `/api/workspaces/${WS}/tasks?limit=1`)).json()).items[0].id;
  });
  afterAll(async () => h?.close());

  it.skipIf(target.skip)("refuses to create an account with a task's id: 409, naming the task", async () => {
    const res = await h.call("admin", "POST", `/api/workspaces/${WS}/accounts`, {
      accountId: taskId,
      name: "Collides",
      ownerId: adminId,
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: "AlreadyExists", entity: "task", id: taskId });
    expect(problem.detail).toBe(`A task with id ${taskId} already exists.`);
  });

  it.skipIf(target.skip)("answers 404 to reading it or commanding it as an account", async () => {
    expect((await h.call("admin", "GET", `/api/workspaces/${WS}/accounts/${taskId}`)).status).toBe(404);
    const archive = await h.call("admin", "POST", `/api/workspaces/${WS}/accounts/${taskId}/archive`, {
      reason: "not an account",
    });
    expect(archive.status).toBe(404);
    expect((await archive.json()).code).toBe("NotFound");
  });
});
