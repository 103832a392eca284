// Random bearer secrets and their digests. Only the SHA-256 of a secret is stored: 32 random bytes leave
// nothing to guess, so a fast unsalted hash is enough (a password needs a slow one; better-auth does that).
import { createHash, randomBytes } from "node:crypto";

/** A new secret: the prefix, then 32 random bytes in base64url (43 characters). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** What is stored in place of a secret. */
export function digest(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Whether a string has the shape of a secret with this prefix (checked before any database look-up). */
export function looksLikeSecret(prefix: string, value: string): boolean {
  return (
    value.length === prefix.length + 43 &&
    value.startsWith(prefix) &&
    /^[A-Za-z0-9_-]+$/.test(value.slice(prefix.length))
  );
}
