import type { Timestamp } from "@accountable/domain";
import { readWorkspaceEvents, schema } from "@accountable/store";
import { eq } from "drizzle-orm";
import { type RunnableAggregate, SPECS } from "./aggregates/registry.ts";
import type { AnySpec } from "./aggregates/spec.ts";
import type { Scope } from "./scope.ts";

const READ_TABLES = [
  schema.members,
  schema.accounts,
  schema.contacts,
  schema.opportunities,
  schema.contracts,
  schema.towers,
  schema.activities,
  schema.tasks,
  schema.escalations,
  schema.briefs,
  schema.accountPlans,
  schema.invoices,
  schema.costs,
  schema.quotas,
  schema.targets,
  // Search's vocabulary: filled again by its triggers as the rows are projected, without the words no record
  // holds any more.
  schema.searchWords,
] as const;

/**
 * Drops the workspace's read rows and projects them again from its events, stream by stream. Read tables are
 * a cache of the log: this must give the same tables (a test checks it). Run it inside a transaction.
 */
export async function rebuildReadTables(
  scope: Scope,
  pageSize = 5_000,
): Promise<{ streams: number; events: number }> {
  for (const table of READ_TABLES)
    await scope.db.delete(table).where(eq(table.workspaceId, scope.workspaceId));
  const states = new Map<
    string,
    { type: RunnableAggregate; state: { status: string }; version: number; at: Timestamp }
  >();
  let afterSeq = 0;
  let count = 0;
  for (;;) {
    const page = await readWorkspaceEvents(scope.db, scope.workspaceId, { afterSeq, limit: pageSize });
    if (page.length === 0) break;
    for (const e of page) {
      const type = e.streamType as RunnableAggregate;
      const spec: AnySpec = SPECS[type];
      const current = states.get(e.streamId)?.state ?? spec.machine.initial;
      const state = spec.machine.evolve(current, spec.eventSchema.parse(e.payload));
      states.set(e.streamId, { type, state, version: e.version, at: e.at as Timestamp });
      afterSeq = e.seq;
      count++;
    }
  }
  for (const { type, state, version, at } of states.values()) {
    const spec: AnySpec = SPECS[type];
    if (state.status !== "none") await spec.project(scope, state, version, at);
  }
  return { streams: states.size, events: count };
}
