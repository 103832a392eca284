// Webhook signing secrets at rest: sealed with AES-256-GCM under a key derived from AUTH_SECRET (HKDF-SHA256),
// so a copy of the database alone does not reveal them, while the server — which must sign every delivery with
// the secret itself (an HMAC cannot be made from a hash) — opens them when it delivers. The subscription's
// workspace and id are the cipher's associated data: a sealed secret copied onto another row does not open.
//
// Sealed text: `v1.<iv>.<ciphertext>.<tag>` (base64url). A secret stored before sealing existed starts with
// `whsec_`; `sealPlaintextSecrets` seals those when the server starts, and until then they are used as they are.
// Changing AUTH_SECRET makes the sealed secrets unreadable: their deliveries fail saying so, and the
// subscriptions must be made again.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { listWebhookSecrets, replaceWebhookSecret, type StoreDatabase } from "@accountable/store";

const VERSION = "v1";
const INFO = "accountable webhook signing secrets v1";

export interface SecretBox {
  /** Seals a secret for the subscription `(workspaceId, id)`. */
  seal(secret: string, owner: SecretOwner): string;
  /** The secret a stored value holds (sealed, or from before sealing); throws when it cannot be opened. */
  open(stored: string, owner: SecretOwner): string;
}

export interface SecretOwner {
  readonly workspaceId: string;
  readonly id: string;
}

export const isSealed = (stored: string) => stored.startsWith(`${VERSION}.`);

const aad = (owner: SecretOwner) => Buffer.from(`${owner.workspaceId}\u0000${owner.id}`, "utf8");

export class UnreadableSecret extends Error {}

/** The box for `authSecret` (AUTH_SECRET): the same secret on every process opens what any of them sealed. */
export function secretBox(authSecret: string): SecretBox {
  const key = Buffer.from(hkdfSync("sha256", authSecret, "accountable", INFO, 32));
  return {
    seal(secret, owner) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(aad(owner));
      const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return [VERSION, iv, body, cipher.getAuthTag()]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    open(stored, owner) {
      if (!isSealed(stored)) return stored;
      const [, iv, body, tag] = stored.split(".");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv ?? "", "base64url"));
        decipher.setAAD(aad(owner));
        decipher.setAuthTag(Buffer.from(tag ?? "", "base64url"));
        return Buffer.concat([
          decipher.update(Buffer.from(body ?? "", "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new UnreadableSecret(
          "the signing secret cannot be opened with this AUTH_SECRET (was it changed?): make the subscription again",
        );
      }
    },
  };
}

/** Seals every secret stored before sealing existed (deleted subscriptions' too); returns how many. */
export async function sealPlaintextSecrets(db: StoreDatabase, box: SecretBox): Promise<number> {
  let sealed = 0;
  for (const row of await listWebhookSecrets(db)) {
    if (isSealed(row.secret)) continue;
    if (await replaceWebhookSecret(db, row, row.secret, box.seal(row.secret, row))) sealed++;
  }
  return sealed;
}
