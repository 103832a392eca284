// An outbox pass: turns the final events of every workspace with subscriptions into deliveries. The rule that
// makes it lossless (read only below the oldest running transaction, in (tx_id, seq) order) lives with the
// query, in packages/store/src/webhooks.ts.
import { randomUUID } from "node:crypto";
import {
  type DerivedDelivery,
  deriveDeliveries,
  type StoreDatabase,
  workspacesWithWebhooks,
} from "@accountable/store";

/** Derives deliveries for every workspace until each has caught up (or `maxRounds` batches each). */
export async function runOutboxPass(
  db: StoreDatabase,
  options: { readonly batchSize?: number; readonly maxRounds?: number } = {},
): Promise<DerivedDelivery[]> {
  const batchSize = options.batchSize ?? 500;
  const out: DerivedDelivery[] = [];
  for (const workspaceId of await workspacesWithWebhooks(db)) {
    for (let round = 0; round < (options.maxRounds ?? 20); round++) {
      const { events, deliveries } = await deriveDeliveries(db, workspaceId, {
        limit: batchSize,
        newId: randomUUID,
      });
      out.push(...deliveries);
      if (events < batchSize) break;
    }
  }
  return out;
}
