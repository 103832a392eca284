// The benchmark's yardstick: a bare Hono route that runs the same keyset query as the list endpoint
// (`GET /api/workspaces/{ws}/opportunities?stageId=…&sort=closeDate&limit=50`) straight through `pg` — no auth,
// no validation, no service, no zod parse of the rows. Run as its own process by the benchmark:
// `node --import tsx bench/bare-server.ts <database url> <port>`.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import pg from "pg";

const [url, port] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 20 });
const app = new Hono();

app.get("/bare/:workspaceId/opportunities", async (c) => {
  const stageId = c.req.query("stageId") ?? "";
  const limit = Number(c.req.query("limit") ?? 50);
  // The statement the service runs for this page (one row more than asked says whether a next page exists).
  const { rows } = await pool.query<{ id: string; close_date: string; data: unknown }>(
    `select id, close_date, data from opportunities
      where workspace_id = $1 and stage_id = $2
      order by close_date asc, id asc limit $3`,
    [c.req.param("workspaceId"), stageId, limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify({ value: last.close_date, id: last.id })).toString("base64url")
      : null;
  return c.json({ items: page.map((r) => r.data), nextCursor });
});

const server = serve({ fetch: app.fetch, port: Number(port), hostname: "127.0.0.1" });
server.once("listening", () => process.stdout.write(`listening ${port}\n`));
// Nothing to flush: stop at once (server.close would wait for idle keep-alive connections).
process.on("SIGTERM", () => process.exit(0));
