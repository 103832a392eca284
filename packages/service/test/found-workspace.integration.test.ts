// Founding a workspace — the workspace, its first admin and the founding user's link — is one transaction: when
// any part fails, nothing of it is left behind.
import { randomBytes } from "node:crypto";
import type { DatabaseHandle } from "@accountable/store";
import { schema } from "@accountable/store";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { next } from "./scenario.ts";

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`founding a workspace on ${target.name}`, () => {
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

    /** Every row the workspace left: its own, its members, its events, its users' links. */
    async function leftBehind(workspaceId: string) {
      const db = handle.db;
      const [workspaces, members, events, links] = await Promise.all([
        db.select().from(schema.workspaces).where(eq(schema.workspaces.id, workspaceId)),
        db.select().from(schema.members).where(eq(schema.members.workspaceId, workspaceId)),
        db.select().from(schema.events).where(eq(schema.events.workspaceId, workspaceId)),
        db.select().from(schema.workspaceUsers).where(eq(schema.workspaceUsers.workspaceId, workspaceId)),
      ]);
      return {
        workspaces: workspaces.length,
        members: members.length,
        events: events.length,
        links: links.length,
      };
    }

    async function newUser() {
      const id = `u-${randomBytes(4).toString("hex")}`;
      await handle.db.insert(schema.authUsers).values({ id, name: "Fay", email: `${id}@example.test` });
      return id;
    }

    const founding = (workspaceId: string, userId?: string, email = "fay@example.test") => ({
      workspaceId,
      name: "Fay's agency",
      admin: { memberId: "m-fay", name: "Fay", email, ...(userId === undefined ? {} : { userId }) },
    });

    it("writes the workspace, its admin and the founder's link together", async () => {
      const ws = newWs();
      const userId = await newUser();

      const founded = await service.createWorkspace(founding(ws, userId));

      expect(founded.ok).toBe(true);
      expect(await leftBehind(ws)).toEqual({ workspaces: 1, members: 1, events: 2, links: 1 });
    });

    it("leaves nothing when the last part (the founder's link) fails on a constraint", async () => {
      const ws = newWs();

      // No such user: the link's foreign key fails after the workspace and its admin were written.
      await expect(service.createWorkspace(founding(ws, "u-nobody"))).rejects.toThrow();

      expect(await leftBehind(ws)).toEqual({ workspaces: 0, members: 0, events: 0, links: 0 });
      // And the id is free again: founding it properly now succeeds.
      expect((await service.createWorkspace(founding(ws, await newUser()))).ok).toBe(true);
    });

    it("leaves nothing when the middle part (the first admin) fails", async () => {
      const ws = newWs();
      // The admin's member id names the workspace's own stream: adding them is refused after the workspace is written.
      const clash = {
        ...founding(ws, await newUser()),
        admin: { memberId: ws, name: "Fay", email: "f@x.test" },
      };

      // Refused as the id of another kind of record (not a 500 any more), after the workspace was written.
      const result = await service.createWorkspace(clash);
      expect(result.ok || result.error._tag).toBe("AlreadyExists");

      expect(await leftBehind(ws)).toEqual({ workspaces: 0, members: 0, events: 0, links: 0 });
    });

    it("refuses a second founding of the same id and keeps the first", async () => {
      const ws = newWs();
      expect((await service.createWorkspace(founding(ws, await newUser()))).ok).toBe(true);

      const again = await service.createWorkspace(founding(ws, await newUser()));

      expect(again.ok || again.error._tag).toBe("AlreadyExists");
      expect(await leftBehind(ws)).toEqual({ workspaces: 1, members: 1, events: 2, links: 1 });
    });
  });
}
