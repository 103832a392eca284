// Signing a delivery: `Accountable-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed
// with the subscription's secret (the scheme Stripe made familiar). The timestamp inside the signed text lets a
// receiver refuse replays older than a few minutes.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Accountable-Signature";
export const DELIVERY_ID_HEADER = "Accountable-Delivery-Id";

/** A new subscription secret: 32 random bytes, shown once. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

/** The hex HMAC-SHA256 of `"<t>.<body>"`. */
export function signPayload(secret: string, unixSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
}

/** The signature header's value for a body sent at `unixSeconds`. */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${signPayload(secret, unixSeconds, body)}`;
}

/**
 * What a receiver does: checks the header against the raw body, and that its timestamp is within
 * `toleranceSeconds` of `nowSeconds`.
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!header) return false;
  const parts = new Map(
    header.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const given = parts.get("v1");
  if (!Number.isSafeInteger(t) || !given || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, t, body), "hex");
  const actual = Buffer.from(given, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
