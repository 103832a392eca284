// Global search on both drivers: typo-tolerant and ranked by PostgreSQL, over every searchable kind, as the
// acting member may read, never across workspaces.
import { type Timestamp, timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createService,
  type QueryResult,
  SEARCH_CANDIDATES_PER_KIND,
  SEARCH_SETTINGS,
  type SearchResults,
  type Service,
  searchStatement,
} from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { cmd, eur, ids, must, seedWorkspace } from "./scenario.ts";

const NOW: Timestamp = timestamp("2026-11-20T10:00:00.000Z");
const ws = "ws-search";
const other = "ws-search-other";
const assistant = "m-assistant";

function value<T>(r: QueryResult<T>): T {
  if (!r.ok) throw new Error(`${r.error._tag}: ${r.error.message}`);
  return r.value;
}

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`global search on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const search = async (memberId: string, input: unknown) =>
      value(await service.search.search(ws, memberId, input));
    const keys = (r: SearchResults) => r.hits.map((h) => `${h.kind}:${h.id}`);

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: () => NOW });
      await seedWorkspace(service, ws);
      const run = (
        aggregate: Parameters<typeof cmd>[0],
        id: string,
        input: Record<string, unknown>,
        actor = ids.admin,
      ) => must(service, ws, cmd(aggregate, id, input), actor);
      const account = (id: string, name: string, ownerId: string) =>
        run("account", id, { type: "CreateAccount", accountId: id, name, ownerId });
      await account("a-acme-corp", "ACME Corporation", ids.otherAe);
      await account("a-academy", "Academy Corp", ids.otherAe);
      await account("a-globex", "Globex", ids.ae);
      await run("member", assistant, {
        type: "AddMember",
        memberId: assistant,
        name: "Ash Assistant",
        email: "ash@agency.test",
        role: "assistant",
        reportsTo: null,
      });
      await run("account", "a-globex", { type: "AddTeamMember", memberId: assistant, role: "assistant" });
      await run("contact", "c-john", {
        type: "AddContact",
        contactId: "c-john",
        accountId: "a-globex",
        name: "John Smith",
        email: "john.smith@globex.test",
        roles: [],
      });
      await run("contact", "c-joan", {
        type: "AddContact",
        contactId: "c-joan",
        accountId: "a-acme-corp",
        name: "Joan Miller",
        email: "joan@acme-corp.test",
        roles: [],
      });
      await run("contract", "k-globex", {
        type: "CreateContract",
        contractId: "k-globex",
        accountId: "a-globex",
        ownerId: ids.ae,
        title: "Globex master services agreement",
        value: eur(50_000),
        startDate: "2027-01-01",
        term: { unit: "months", count: 12 },
        noticePeriod: { unit: "months", count: 3 },
        autoRenewal: false,
      });
      await run("brief", "b-spring", {
        type: "ReceiveBrief",
        briefId: "b-spring",
        accountId: "a-globex",
        title: "Spring launch campaign",
        clientBudget: eur(30_000),
      });
      await run("activity", "n-pricing", {
        type: "LogActivity",
        activityId: "n-pricing",
        accountId: "a-acme-corp",
        kind: "note",
        subject: "Pricing objections from procurement",
        at: "2026-11-01T10:00:00.000Z",
      });
      await run("activity", "n-call", {
        type: "LogActivity",
        activityId: "n-call",
        accountId: "a-acme-corp",
        kind: "call",
        subject: "Pricing call with procurement",
        at: "2026-11-01T11:00:00.000Z",
      });
      // Another workspace with records that would match, none of which may ever be found from ws.
      await seedWorkspace(service, other);
      await must(
        service,
        other,
        cmd("account", "a-other-acme", {
          type: "CreateAccount",
          accountId: "a-other-acme",
          name: "ACME Corporation",
          ownerId: ids.ae,
        }),
        ids.admin,
      );
    }, 180_000);

    afterAll(async () => {
      await handle?.close();
    });

    it('finds "ACME Corporation" for "acme corp", ranked above weaker matches', async () => {
      const found = keys(await search(ids.admin, { text: "acme corp" }));
      expect(found[0]).toBe("account:a-acme-corp");
      expect(found.indexOf("account:a-acme-corp")).toBeLessThan(found.indexOf("account:a-academy"));
    });

    it('finds "John Smith" for "jon", and an account for a misspelt name', async () => {
      expect(keys(await search(ids.admin, { text: "jon" }))).toContain("contact:c-john");
      expect(keys(await search(ids.admin, { text: "globx" }))[0]).toBe("account:a-globex");
    });

    it("finds a contact by e-mail address, with the address and the account's name beside it", async () => {
      const [hit] = (await search(ids.admin, { text: "john.smith@globex.test" })).hits;
      expect(hit).toMatchObject({
        kind: "contact",
        id: "c-john",
        title: "John Smith",
        detail: "john.smith@globex.test",
        accountId: "a-globex",
        accountName: "Globex",
      });
    });

    it("finds a record by its id, first", async () => {
      expect(keys(await search(ids.admin, { text: ids.opp }))[0]).toBe(`opportunity:${ids.opp}`);
    });

    it("finds contracts, briefs (with a typo) and notes by subject, but not other activities", async () => {
      expect(keys(await search(ids.admin, { text: "master services" }))[0]).toBe("contract:k-globex");
      expect(keys(await search(ids.admin, { text: "sprng launch" }))[0]).toBe("brief:b-spring");
      const pricing = keys(await search(ids.admin, { text: "pricing procurement" }));
      expect(pricing).toContain("note:n-pricing");
      expect(pricing.some((k) => k.endsWith(":n-call"))).toBe(false);
    });

    it("mends a typo against the workspace's words, kept as records are written and renamed", async () => {
      await must(
        service,
        ws,
        cmd("account", "a-quetzal", {
          type: "CreateAccount",
          accountId: "a-quetzal",
          name: "Quetzal Dynamics",
          ownerId: ids.ae,
        }),
        ids.admin,
      );
      expect(keys(await search(ids.admin, { text: "quetzl dynamic" }))[0]).toBe("account:a-quetzal");
      await must(
        service,
        ws,
        cmd("account", "a-quetzal", { type: "UpdateAccount", name: "Quokka Dynamics" }),
        ids.admin,
      );
      expect(keys(await search(ids.admin, { text: "quoka" }))[0]).toBe("account:a-quetzal");
      // The old name's word stays in the vocabulary but finds nothing.
      expect(keys(await search(ids.admin, { text: "quetzal" }))).not.toContain("account:a-quetzal");
      const words = await handle.db.execute(
        sql`select word from search_words where workspace_id = ${ws} and word in ('quokka', 'dynamics', 'quetzal') order by word`,
      );
      const list = (
        (words as { rows?: { word: string }[] }).rows ?? (words as unknown as { word: string }[])
      ).map((r) => r.word);
      expect(list).toEqual(["dynamics", "quetzal", "quokka"]);
    });

    it("finds a contact by a part of the e-mail address, misspelt", async () => {
      expect(keys(await search(ids.admin, { text: "smith globx" }))[0]).toBe("contact:c-john");
    });

    it("looks only in the kinds asked for, and gives at most the limit", async () => {
      const r = await search(ids.admin, { text: "acme", kinds: ["contact", "opportunity"], limit: 1 });
      expect(r.hits).toHaveLength(1);
      expect(["contact", "opportunity"]).toContain(r.hits[0]!.kind);
    });

    it("never finds a record of another workspace", async () => {
      const r = await search(ids.admin, { text: "acme corporation" });
      expect(keys(r)).not.toContain("account:a-other-acme");
      expect(r.hits.filter((h) => h.id === "a-acme-corp")).toHaveLength(1);
    });

    it("shows a member whose role reads only their accounts' records just those", async () => {
      // The assistant is on Globex's team: Globex and its records, nothing of ACME Corporation or Acme.
      const globex = keys(await search(assistant, { text: "globex" }));
      expect(globex).toEqual(expect.arrayContaining(["account:a-globex", "contract:k-globex"]));
      const acme = await search(assistant, { text: "acme" });
      expect(acme.hits).toEqual([]);
      expect(keys(await search(assistant, { text: "jon" }))).toEqual(["contact:c-john"]);
      expect(keys(await search(assistant, { text: "pricing procurement" }))).toEqual([]);
    });

    it("shows a role that reads every record (a viewer) all of them, with no money in any hit", async () => {
      const r = await search(ids.viewer, { text: "acme corp" });
      expect(keys(r)).toContain("account:a-acme-corp");
      expect(JSON.stringify(r)).not.toMatch(/amount|currency|EUR/);
    });

    it("refuses an empty, one-letter, NUL-holding or overlong search, an unknown kind or field", async () => {
      for (const input of [
        { text: "" },
        { text: " a " },
        { text: "ac\u0000me" },
        { text: "x".repeat(201) },
        { text: "acme", kinds: ["invoice"] },
        { text: "acme", sort: "name" },
        { text: "acme", limit: 0 },
      ]) {
        const r = await service.search.search(ws, ids.admin, input);
        expect(r.ok ? "ok" : r.error._tag, JSON.stringify(input)).toBe("InvalidInput");
      }
    });

    // The first passes stop at SEARCH_CANDIDATES_PER_KIND records of a kind (a common word in a large workspace
    // matches tens of thousands); these hold the ranking to what people expect when more records match than that.
    describe("when more records match than a first pass takes", () => {
      const crowd = "ws-search-crowd";
      const crowdSearch = async (text: string) =>
        value(await service.search.search(crowd, ids.admin, { text })).hits.map((h) => h.title);

      beforeAll(async () => {
        await seedWorkspace(service, crowd);
        const account = (id: string, name: string) =>
          must(
            service,
            crowd,
            cmd("account", id, { type: "CreateAccount", accountId: id, name, ownerId: ids.ae }),
            ids.admin,
          );
        // More records close to "Zephyr" than a pass takes ("Zephyr 1" … "Zephyr 65": similar as a whole, and
        // holding it as a word), written before the ones searched for, so a pass that stopped at the first ones
        // it met would miss those.
        for (let i = 1; i <= SEARCH_CANDIDATES_PER_KIND + 5; i++) await account(`a-z${i}`, `Zephyr ${i}`);
        await account("a-zephyr", "Zephyr");
        await account("a-zephyr-logistics", "Zephyr Logistics");
      }, 300_000);

      it("ranks the name typed out first", async () => {
        expect((await crowdSearch("zephyr"))[0]).toBe("Zephyr");
        expect((await crowdSearch("ZEPHYR  logistics"))[0]).toBe("Zephyr Logistics");
      });

      it("finds the closest name, misspelt, above the many that share one word with it", async () => {
        expect((await crowdSearch("zephr logistic"))[0]).toBe("Zephyr Logistics");
        expect((await crowdSearch("zephyr logi"))[0]).toBe("Zephyr Logistics");
      });

      it("still fills the page with the records that share the word", async () => {
        const hits = await crowdSearch("zephyr");
        expect(hits).toHaveLength(20);
        expect(hits.filter((t) => /^Zephyr \d+$/.test(t)).length).toBeGreaterThanOrEqual(18);
      });
    });

    describe("over many records of one kind", () => {
      const big = "ws-search-plan";
      beforeAll(async () => {
        await seedWorkspace(service, big);
        // Notes written straight into the read table (search reads only it): enough that the planner weighs an
        // index's order against the trigram index, as it does over a large workspace.
        await handle.db.execute(
          sql.raw(`insert into activities (workspace_id, id, version, data, updated_at, account_id, kind, status, at)
            select '${big}', 'n-' || i, 1, jsonb_build_object('id', 'n-' || i, 'accountId', 'a-' || (i % 500),
              'kind', 'note', 'subject', 'Weekly sync ' || i, 'status', 'done'), now(), 'a-' || (i % 500), 'note',
              'done', now()
            from generate_series(1, 60000) i`),
        );
        // And an imported account, written the same way, with the id it had in its source system.
        await handle.db.execute(
          sql.raw(`insert into accounts (workspace_id, id, version, data, updated_at, name, status, owner_id)
            values ('${big}', 'a-imported', 1, '{"id": "a-imported", "name": "Imported Ltd", "sourceId": "SF-0013000001"}',
              now(), 'Imported Ltd', 'active', 'm-nobody')`),
        );
        await handle.db.execute(sql`analyze activities`);
      }, 300_000);

      it("keeps a vocabulary of the records' words, small however many records hold them", async () => {
        const rows = await handle.db.execute(
          sql`select word from search_words where workspace_id = ${big} order by word`,
        );
        const words = (
          (rows as { rows?: { word: string }[] }).rows ?? (rows as unknown as { word: string }[])
        ).map((r) => r.word);
        // 60,000 notes "Weekly sync <n>": two words (numbers are looked up as typed, never corrected), beside the
        // few of the workspace's other records.
        expect(words).toEqual(expect.arrayContaining(["imported", "ltd", "sf", "sync", "weekly"]));
        expect(words.length).toBeLessThan(100);
        expect(words.filter((w) => /\d/.test(w))).toEqual([]);
        const found = value(await service.search.search(big, ids.admin, { text: "weekly synk" }));
        expect(found.hits).toHaveLength(20);
        expect(found.hits.every((h) => h.kind === "note" && /^Weekly sync \d+$/.test(h.title))).toBe(true);
        const exact = value(await service.search.search(big, ids.admin, { text: "weekly sync 41999" }));
        expect(exact.hits[0]?.title).toBe("Weekly sync 41999");
      });

      it("finds a record by the id it had in the system it was imported from", async () => {
        const found = value(await service.search.search(big, ids.admin, { text: "SF-0013000001" }));
        expect(found.hits.map((h) => h.id)).toEqual(["a-imported"]);
      });

      it("reads each pass through its full-text index, never by walking another index in its order", async () => {
        // With a LIMIT on the pass, the planner once chose to walk the (workspace, exact subject) b-tree and test
        // every note until it had enough: seconds over 150,000 notes when few or none match.
        const statement = searchStatement(
          big,
          { text: "quarterly zebra", kinds: ["note"] },
          { perKind: 20, limit: 20 },
        );
        const plan = await handle.db.transaction(async (tx) => {
          for (const [name, setting] of Object.entries(SEARCH_SETTINGS))
            await tx.execute(sql`select set_config(${name}, ${setting}, true)`);
          const rows = (await tx.execute(sql`explain (format json) ${statement}`)) as unknown as
            | { rows: { "QUERY PLAN": unknown }[] }
            | { "QUERY PLAN": unknown }[];
          const list = Array.isArray(rows) ? rows : rows.rows;
          return list[0]!["QUERY PLAN"];
        });
        const walks: string[] = [];
        const visit = (node: Record<string, unknown>) => {
          const filter = String(node.Filter ?? "");
          if (/Index Scan|Seq Scan/.test(String(node["Node Type"])) && /<<?%|\s%\s|@@/.test(filter))
            walks.push(`${node["Node Type"]} on ${node["Index Name"] ?? node["Relation Name"]}: ${filter}`);
          for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) visit(child);
        };
        const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as {
          Plan: Record<string, unknown>;
        }[];
        visit(parsed[0]!.Plan);
        expect(walks).toEqual([]);
      });
    });

    it("refuses anyone who is not a member", async () => {
      const r = await service.search.search(ws, "m-nobody", { text: "acme" });
      expect(r.ok ? "ok" : r.error._tag).toBe("NotAMember");
    });
  });
}
