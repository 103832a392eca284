// Global search over HTTP on both drivers: ranked hits as the member may read, and every bad query a clear 4xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, run, seedAgency, WS } from "./seed.ts";

interface Hits {
  text: string;
  hits: { kind: string; id: string; title: string; detail: string | null; accountName: string | null }[];
}

describe.each(TARGETS)("search on $name", (target) => {
  let h: Harness;
  const get = (who: string, query: string) => h.call(who, "GET", `/api/workspaces/${WS}/search${query}`);

  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    h.grant("admin", WS, M.admin);
    h.grant("pm", WS, M.pm);
    h.grant("stranger", "elsewhere", M.admin);
    await run(
      h.service,
      WS,
      "account",
      "acme-corp",
      { type: "CreateAccount", accountId: "acme-corp", name: "ACME Corporation", ownerId: M.otherAe },
      M.admin,
    );
    await run(
      h.service,
      WS,
      "contact",
      "john",
      {
        type: "AddContact",
        contactId: "john",
        accountId: "acme-corp",
        name: "John Smith",
        email: "john@acme-corp.test",
        roles: [],
      },
      M.admin,
    );
  }, 120_000);
  afterAll(async () => h?.close());

  it.skipIf(target.skip)("answers the best match first, with what tells it apart", async () => {
    const res = await get("admin", "?q=acme%20corp");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Hits;
    expect(body.text).toBe("acme corp");
    expect(body.hits[0]).toMatchObject({ kind: "account", id: "acme-corp", title: "ACME Corporation" });
    const jon = (await (await get("admin", "?q=jon&kind=contact")).json()) as Hits;
    expect(jon.hits).toEqual([
      expect.objectContaining({ id: "john", detail: "john@acme-corp.test", accountName: "ACME Corporation" }),
    ]);
  });

  it.skipIf(target.skip)(
    "shows a project manager nothing of accounts whose team they are not on",
    async () => {
      const res = await get("pm", "?q=acme");
      expect(res.status).toBe(200);
      expect(((await res.json()) as Hits).hits).toEqual([]);
    },
  );

  it.skipIf(target.skip)("refuses bad queries with a 4xx problem that says what is wrong", async () => {
    for (const query of [
      "",
      "?q=",
      "?q=a",
      "?q=%00%00",
      `?q=${"x".repeat(900)}`,
      "?q=acme&kind=invoice",
      "?q=acme&limit=0",
      "?q=acme&limit=abc",
      "?q=acme&limit=999",
      "?q=acme&sort=name",
    ]) {
      const res = await get("admin", query);
      expect([400, 422], query).toContain(res.status);
      const problem = (await res.json()) as { title?: string; detail?: string };
      expect(problem.title, query).toBeTruthy();
      expect(problem.detail, query).toBeTruthy();
    }
  });

  it.skipIf(target.skip)("refuses a caller of another workspace as if this one did not exist", async () => {
    expect((await get("stranger", "?q=acme")).status).toBe(404);
  });
});
