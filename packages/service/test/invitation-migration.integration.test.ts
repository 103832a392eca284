// Migration 0005: invitations sent before the invitation machine (rows in `invitations`, no events) get the history
// they would have had, so the service decides them like any other — on the embedded database and on PostgreSQL.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { timestamp } from "@accountable/domain";
import { type DatabaseConfig, defaultMigrationsFolder, openDatabase, readStream } from "@accountable/store";
import { createTestDatabase } from "@accountable/store/testing";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createService } from "../src/index.ts";
import { serverUrl } from "./databases.ts";

const BEFORE = 4; // the last migration before invitations had a history

/** The store's migrations folder as it stood before 0005 (its SQL files and a journal that ends at 0004). */
function migrationsBefore(): string {
  const from = defaultMigrationsFolder();
  const to = mkdtempSync(join(tmpdir(), "accountable-migrations-"));
  cpSync(from, to, { recursive: true });
  const journal = JSON.parse(readFileSync(join(from, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number }[];
  };
  journal.entries = journal.entries.filter((e) => e.idx <= BEFORE);
  mkdirSync(join(to, "meta"), { recursive: true });
  writeFileSync(join(to, "meta", "_journal.json"), JSON.stringify(journal));
  return to;
}

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

const targets: {
  name: string;
  skip: boolean;
  config: () => Promise<{ before: DatabaseConfig; after: DatabaseConfig; done: () => Promise<void> }>;
}[] = [
  {
    name: "PGlite",
    skip: false,
    async config() {
      const dataDir = mkdtempSync(join(tmpdir(), "accountable-0005-"));
      const folder = migrationsBefore();
      return {
        before: { kind: "embedded", dataDir, migrationsFolder: folder },
        after: { kind: "embedded", dataDir },
        done: async () => {
          rmSync(dataDir, { recursive: true, force: true });
          rmSync(folder, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: "PostgreSQL",
    skip: serverUrl === undefined,
    async config() {
      const database = await createTestDatabase(serverUrl!);
      const folder = migrationsBefore();
      return {
        before: { kind: "postgres", url: database.url, migrationsFolder: folder },
        after: { kind: "postgres", url: database.url },
        done: async () => {
          await database.drop();
          rmSync(folder, { recursive: true, force: true });
        },
      };
    },
  },
];

for (const target of targets) {
  describe.skipIf(target.skip)(`invitations sent before their machine, on ${target.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of cleanups) await c();
    });

    it("get their history: pending ones can be accepted, used and withdrawn ones say so, and a rebuild replays them", async () => {
      const { before, after, done } = await target.config();
      cleanups.push(done);
      const ws = "legacy-ws";

      // Before 0005: a workspace with its admin, and three invitations written straight to their table.
      const old = await openDatabase(before);
      try {
        const founded = await createService({ db: old.db }).createWorkspace({
          workspaceId: ws,
          name: "Legacy",
          admin: { memberId: "m-admin", name: "Ada Admin", email: "ada@legacy.test" },
        });
        expect(founded.ok).toBe(true);
        await old.db.execute(
          sql`insert into auth_users (id, name, email) values ('u-una', 'Una', 'una@legacy.test'), ('u-pen', 'Pen', 'pen@legacy.test')`,
        );
        await old.db.execute(
          sql`insert into workspace_users (workspace_id, user_id, member_id) values (${ws}, 'u-una', 'user-u-una')`,
        );
        await old.db.execute(sql`
          insert into invitations (workspace_id, id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at, accepted_by, revoked_at) values
            (${ws}, '11111111-1111-4111-8111-111111111111', 'Pen@Legacy.test', 'viewer', ${hash("pending")}, 'm-admin', '2026-03-01T10:00:00Z', '2026-03-08T10:00:00Z', null, null, null),
            (${ws}, '22222222-2222-4222-8222-222222222222', 'una@legacy.test', 'viewer', ${hash("used")}, 'm-admin', '2026-03-01T10:00:00Z', '2026-03-08T10:00:00Z', '2026-03-02T10:00:00.123Z', 'u-una', null),
            (${ws}, '33333333-3333-4333-8333-333333333333', 'rev@legacy.test', 'viewer', ${hash("revoked")}, 'm-admin', '2026-03-01T10:00:00Z', '2026-03-08T10:00:00Z', null, null, '2026-03-03T10:00:00Z')`);
      } finally {
        await old.close();
      }

      const handle = await openDatabase(after);
      try {
        const service = createService({ db: handle.db });
        const at = timestamp("2026-03-04T09:00:00.000Z");
        expect((await service.invitations(ws, at)).map((i) => [i.email, i.status]).sort()).toEqual([
          ["pen@legacy.test", "pending"],
          ["una@legacy.test", "accepted"],
        ]);
        expect(
          (await readStream(handle.db, ws, "22222222-2222-4222-8222-222222222222")).map((e) => e.type),
        ).toEqual(["InvitationSent", "InvitationAccepted"]);

        const used = await service.acceptInvitation(
          hash("used"),
          { userId: "u-una", email: "una@legacy.test", name: "Una" },
          at,
        );
        expect(used.ok || used.error._tag).toBe("InvitationUsed");
        expect(
          (await service.revokeInvitation(ws, "m-admin", "33333333-3333-4333-8333-333333333333", at)).ok,
        ).toBe(false);

        const accepted = await service.acceptInvitation(
          hash("pending"),
          { userId: "u-pen", email: "pen@legacy.test", name: "Pen" },
          at,
        );
        expect(accepted).toEqual({
          ok: true,
          value: { workspaceId: ws, memberId: "user-u-pen", role: "viewer" },
        });
        // Every event, the migration's included, parses and replays.
        expect((await service.rebuild(ws)).streams).toBeGreaterThanOrEqual(5);
      } finally {
        await handle.close();
      }
    });
  });
}
