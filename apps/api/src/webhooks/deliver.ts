// One attempt at one delivery: check where it goes (targets.ts: never inside the network, whatever the name
// resolves to now), POST the event as JSON to the checked address, signed with the subscription's secret (opened
// from its sealed form), and record what came back. The job engine decides when to call it again (pg-boss's
// retry backoff on PostgreSQL, the in-process scheduler's on PGlite). A refused target fails the delivery at
// once: trying again would be refused again.
import {
  finishDelivery,
  loadDeliveryWork,
  recordDeliveryAttempt,
  type StoreDatabase,
  type WebhookAttempt,
} from "@accountable/store";
import { type SecretBox, UnreadableSecret } from "./secret-box.ts";
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature.ts";
import { DEFAULT_TARGETS, vetTarget, type WebhookTargets } from "./targets.ts";
import { type PostTo, postTo } from "./transport.ts";

export interface DeliveryOptions {
  /** Opens the subscription's sealed signing secret. */
  readonly secrets: SecretBox;
  /** Where deliveries may go (the allow-list) and how names resolve; default: nothing inside, the system's DNS. */
  readonly targets?: WebhookTargets;
  /** The POST itself (default: node:http(s), connecting only to the vetted address). */
  readonly post?: PostTo;
  readonly now: () => Date;
  /** Attempts before giving up (the delivery is then `failed`). */
  readonly maxAttempts: number;
  /** How long to wait for the receiver's answer. */
  readonly timeoutMs: number;
  /**
   * When the next attempt is due after `attempts` failed ones; null leaves it to the job engine (pg-boss keeps
   * its own schedule).
   */
  readonly retryAt: ((attempts: number, now: Date) => Date) | null;
}

/** What happened: delivered, to try again, given up, or nothing to do (already finished, or lost a race). */
export type DeliveryOutcome =
  | { readonly kind: "delivered"; readonly status: number }
  | { readonly kind: "retry"; readonly attempts: number; readonly reason: string }
  | { readonly kind: "failed"; readonly attempts: number; readonly reason: string }
  | { readonly kind: "skipped"; readonly reason: string };

/** The JSON body of a delivery. */
export interface WebhookBody {
  /** The event's position in the log, stable across retries: receivers de-duplicate on it. */
  readonly id: string;
  readonly type: string;
  readonly workspaceId: string;
  readonly streamId: string;
  readonly version: number;
  readonly at: string;
  readonly actorId: string;
  readonly payload: unknown;
}

/**
 * Exponential backoff with jitter: `base · 2^(attempts−1)`, of which a random half (so retries from many
 * failed deliveries spread out), capped at `maxMs`.
 */
export function backoff(baseMs: number, maxMs: number, random: () => number = Math.random) {
  return (attempts: number, now: Date) => {
    const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
    return new Date(now.getTime() + full / 2 + (full / 2) * random());
  };
}

export async function attemptDelivery(
  db: StoreDatabase,
  workspaceId: string,
  deliveryId: string,
  options: DeliveryOptions,
): Promise<DeliveryOutcome> {
  const work = await loadDeliveryWork(db, workspaceId, deliveryId);
  if (!work) return { kind: "skipped", reason: "no such delivery" };
  const { delivery, subscription, event } = work;
  if (delivery.status !== "pending") return { kind: "skipped", reason: `already ${delivery.status}` };
  if (subscription.deletedAt) {
    await finishDelivery(db, workspaceId, deliveryId, "cancelled", options.now());
    return { kind: "skipped", reason: "the subscription was deleted" };
  }
  if (delivery.attempts >= options.maxAttempts) {
    await finishDelivery(db, workspaceId, deliveryId, "failed", options.now());
    return { kind: "failed", attempts: delivery.attempts, reason: "no attempts left" };
  }

  const body: WebhookBody = {
    id: `evt_${event.seq}`,
    type: event.type,
    workspaceId,
    streamId: event.streamId,
    version: event.version,
    at: event.at,
    actorId: event.actorId,
    payload: event.payload,
  };
  const text = JSON.stringify(body);
  const started = options.now();
  const t = Math.floor(started.getTime() / 1000);
  const clock = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  /** Set when trying again cannot help: the target is refused, or the secret cannot be opened. */
  let final = false;
  const vetted = await vetTarget(subscription.url, options.targets ?? DEFAULT_TARGETS);
  if (!vetted.ok) {
    error = `refused: ${vetted.reason}`;
    final = !vetted.unresolved;
  } else {
    try {
      const secret = options.secrets.open(subscription.secret, subscription);
      const answer = await (options.post ?? postTo)(
        vetted.value,
        {
          "Content-Type": "application/json",
          "User-Agent": "Accountable-Webhooks/1",
          [SIGNATURE_HEADER]: signatureHeader(secret, t, text),
          [DELIVERY_ID_HEADER]: deliveryId,
        },
        text,
        options.timeoutMs,
      );
      status = answer.status;
      if (status >= 300 && status < 400)
        error = `the receiver answered ${status}, a redirect${answer.location ? ` to ${answer.location}` : ""}; redirects are not followed`;
      else if (status < 200 || status >= 300) error = `the receiver answered ${status}`;
    } catch (e) {
      if (e instanceof UnreadableSecret) final = true;
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
  }
  const attempt: WebhookAttempt = {
    at: started.toISOString(),
    status,
    error,
    ms: Math.round(performance.now() - clock),
  };
  const attempts = delivery.attempts + 1;
  const now = options.now();
  const outcome: DeliveryOutcome =
    error === null
      ? { kind: "delivered", status: status ?? 0 }
      : final || attempts >= options.maxAttempts
        ? { kind: "failed", attempts, reason: error }
        : { kind: "retry", attempts, reason: error };
  const recorded = await recordDeliveryAttempt(db, workspaceId, deliveryId, {
    attemptsBefore: delivery.attempts,
    attempt,
    status: outcome.kind === "retry" ? "pending" : outcome.kind === "delivered" ? "delivered" : "failed",
    nextAttemptAt: outcome.kind === "retry" && options.retryAt ? options.retryAt(attempts, now) : null,
    now,
  });
  return recorded ? outcome : { kind: "skipped", reason: "another attempt recorded first" };
}
