// Saved views over HTTP on both drivers: save (201), replace (200), list, delete (204); each member's own;
// bad input refused in words (unknown fields, filters the list does not read, control characters), never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, seedAgency, WS } from "./seed.ts";

describe.each(TARGETS)("saved views on $name", (target) => {
  let h: Harness;
  const path = `/api/workspaces/${WS}/saved-views`;

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    h.grant("ae", WS, M.ae);
    h.grant("viewer", WS, M.viewer);
  });
  afterAll(async () => {
    await h?.close();
  });

  it.skipIf(target.skip)("saves, replaces, lists and deletes a member's own views", async () => {
    const first = await h.call("ae", "POST", path, {
      list: "tasks",
      name: "Overdue, agreed with the client",
      params: { status: "open,in_progress", agreedWithClient: "true", dueBefore: "2026-12-06" },
    });
    expect(first.status).toBe(201);
    const again = await h.call("ae", "POST", path, {
      list: "tasks",
      name: "Overdue, agreed with the client",
      params: { status: "open", sort: "dueDate", order: "desc" },
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { replaced: boolean }).replaced).toBe(true);
    // A viewer keeps views too (they read lists), and sees only theirs.
    expect(
      (await h.call("viewer", "POST", path, { list: "contracts", name: "Ending", params: {} })).status,
    ).toBe(201);

    const mine = (await (await h.call("ae", "GET", `${path}?list=tasks`)).json()) as {
      items: { list: string; name: string; params: Record<string, string> }[];
    };
    expect(mine.items).toEqual([
      expect.objectContaining({
        list: "tasks",
        name: "Overdue, agreed with the client",
        params: { status: "open", sort: "dueDate", order: "desc" },
      }),
    ]);
    const theirs = (await (await h.call("viewer", "GET", path)).json()) as { items: { name: string }[] };
    expect(theirs.items.map((v) => v.name)).toEqual(["Ending"]);

    const name = encodeURIComponent("Overdue, agreed with the client");
    expect((await h.call("viewer", "DELETE", `${path}/tasks?name=${name}`)).status).toBe(404);
    expect((await h.call("ae", "DELETE", `${path}/tasks?name=${name}`)).status).toBe(204);
    const gone = await h.call("ae", "DELETE", `${path}/tasks?name=${name}`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { detail: string }).detail).toMatch(/no saved view of tasks named/);
  });

  it.skipIf(target.skip)(
    "refuses in words what would not open as a view, and never answers 5xx",
    async () => {
      const cases: [unknown, number, RegExp][] = [
        [{ list: "tasks", name: "x", params: {}, colour: "blue" }, 422, /colour/],
        [{ list: "tasks", name: "x", params: { colour: "blue" } }, 422, /no filter \\"colour\\"/],
        [{ list: "tasks", name: "x", params: { status: "sleeping" } }, 422, /status/],
        [{ list: "tasks", name: "x", params: { cursor: "abc" } }, 422, /first page/],
        [{ list: "tasks", name: "bad\u0000name", params: {} }, 422, /control characters/],
        [{ list: "tasks", name: "x", params: { nameStartsWith: "a\u0000" } }, 422, /control characters/],
        [{ list: "nothing", name: "x", params: {} }, 422, /list/],
        [{ list: "tasks", params: {} }, 422, /name/],
      ];
      for (const [body, status, detail] of cases) {
        const res = await h.call("ae", "POST", path, body);
        const text = await res.text();
        expect(res.status, text).toBe(status);
        expect(text).toMatch(detail);
      }
      const unknownQuery = await h.call("ae", "GET", `${path}?list=tasks&colour=blue`);
      expect(unknownQuery.status).toBe(400);
      const nulName = await h.call("ae", "DELETE", `${path}/tasks?name=a%00b`);
      expect(nulName.status).toBeLessThan(500);
    },
  );
});
