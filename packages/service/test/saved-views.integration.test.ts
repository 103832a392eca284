// Saved views: a member's named filters and sort of a list, kept on the server — checked by the list's own
// schema when saved, replaced by name, each member's own, refused in words when wrong.
import { randomBytes } from "node:crypto";
import type { DatabaseHandle } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, MAX_SAVED_VIEWS, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { ids, next, seedWorkspace } from "./scenario.ts";

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`saved views on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    let ws: string;

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: next });
      ws = `ws-views-${randomBytes(4).toString("hex")}`;
      await seedWorkspace(service, ws);
    });
    afterAll(async () => {
      await handle?.close();
    });

    it("saves a view, lists it, replaces it by name and deletes it", async () => {
      const saved = await service.savedViews.save(ws, ids.ae, {
        list: "tasks",
        name: "  Overdue for my clients ",
        params: { status: "open,in_progress", dueBefore: "2026-12-01", sort: "dueDate", order: "asc" },
      });
      expect(saved.ok && saved.value).toMatchObject({ name: "Overdue for my clients", replaced: false });

      const again = await service.savedViews.save(ws, ids.ae, {
        list: "tasks",
        name: "Overdue for my clients",
        params: { status: "open" },
      });
      expect(again.ok && again.value.replaced).toBe(true);
      await service.savedViews.save(ws, ids.ae, {
        list: "invoices",
        name: "Unpaid",
        params: { status: "issued,overdue" },
      });

      const tasks = await service.savedViews.list(ws, ids.ae, "tasks");
      expect(tasks.ok && tasks.value.map((v) => [v.list, v.name, v.params])).toEqual([
        ["tasks", "Overdue for my clients", { status: "open" }],
      ]);
      const all = await service.savedViews.list(ws, ids.ae);
      expect(all.ok && all.value.map((v) => `${v.list}/${v.name}`)).toEqual([
        "invoices/Unpaid",
        "tasks/Overdue for my clients",
      ]);

      // Another member sees none of them, and cannot delete them.
      const theirs = await service.savedViews.list(ws, ids.otherAe);
      expect(theirs.ok && theirs.value).toEqual([]);
      const notTheirs = await service.savedViews.remove(ws, ids.otherAe, "invoices", "Unpaid");
      expect(!notTheirs.ok && notTheirs.error._tag).toBe("NotFound");

      const deleted = await service.savedViews.remove(ws, ids.ae, "invoices", "Unpaid");
      expect(deleted.ok).toBe(true);
      const gone = await service.savedViews.remove(ws, ids.ae, "invoices", "Unpaid");
      expect(!gone.ok && gone.error.message).toBe('You have no saved view of invoices named "Unpaid".');
    });

    it("refuses, in words, parameters the list would not read, paging, and an empty name", async () => {
      const unknown = await service.savedViews.save(ws, ids.ae, {
        list: "tasks",
        name: "Odd",
        params: { colour: "blue" },
      });
      expect(!unknown.ok && unknown.error._tag).toBe("InvalidInput");
      expect(!unknown.ok && unknown.error.message).toMatch(/colour/);

      const badValue = await service.savedViews.save(ws, ids.ae, {
        list: "tasks",
        name: "Odd",
        params: { status: "sleeping" },
      });
      expect(!badValue.ok && badValue.error.message).toMatch(/status/);

      const paging = await service.savedViews.save(ws, ids.ae, {
        list: "tasks",
        name: "Odd",
        params: { limit: "10" },
      });
      expect(!paging.ok && paging.error.message).toBe('A view opens at its first page: leave "limit" out.');

      const empty = await service.savedViews.save(ws, ids.ae, { list: "tasks", name: "   ", params: {} });
      expect(!empty.ok && empty.error.message).toBe("A view needs a name.");

      const stranger = await service.savedViews.list(ws, "m-nobody");
      expect(!stranger.ok && stranger.error._tag).toBe("NotAMember");
      const listed = await service.savedViews.list(ws, ids.ae, "tasks");
      expect(listed.ok && listed.value.map((v) => v.name)).not.toContain("Odd");
    });

    it(`keeps at most ${MAX_SAVED_VIEWS} views per member, and still replaces one by name at the limit`, async () => {
      for (let i = 0; i < MAX_SAVED_VIEWS; i++) {
        const r = await service.savedViews.save(ws, ids.viewer, {
          list: "quotas",
          name: `v${i}`,
          params: {},
        });
        expect(r.ok).toBe(true);
      }
      const over = await service.savedViews.save(ws, ids.viewer, {
        list: "quotas",
        name: "one more",
        params: {},
      });
      expect(!over.ok && over.error.message).toMatch(/delete one first/);
      const replace = await service.savedViews.save(ws, ids.viewer, {
        list: "quotas",
        name: "v0",
        params: { sort: "period", order: "desc" },
      });
      expect(replace.ok && replace.value.replaced).toBe(true);
    });
  });
}
