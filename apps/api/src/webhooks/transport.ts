// One POST to a vetted target (targets.ts), connecting to the address that was checked: node:http(s) asks its
// `lookup` for the host's address, and this lookup answers with the vetted addresses instead of asking DNS again,
// so a name cannot resolve to one address when checked and another when connected (DNS rebinding). TLS still
// verifies the certificate against the host name. Redirects are never followed: a 3xx is the receiver's answer.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { VettedTarget } from "./targets.ts";

export interface PostAnswer {
  readonly status: number;
  /** The Location header of a redirect (not followed). */
  readonly location: string | null;
}

/** Sends a POST whose connection can only reach the vetted addresses; the response body is read and dropped. */
export type PostTo = (
  target: VettedTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<PostAnswer>;

/** The lookup a connection to `target` uses: its vetted addresses, never a fresh resolution. */
export function pinnedLookup(target: VettedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    const [first] = target.addresses;
    if (!first) callback(Object.assign(new Error("no vetted address"), { code: "ENOTFOUND" }), "", 4);
    else if (options.all) callback(null, [...target.addresses]);
    else callback(null, first.address, first.family);
  };
}

/** Only so much of a receiver's answer is read (it is dropped anyway). */
const MAX_ANSWER_BYTES = 64 * 1024;

export const postTo: PostTo = (target, headers, body, timeoutMs) =>
  new Promise((resolve, reject) => {
    const { url } = target;
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target),
        signal: AbortSignal.timeout(timeoutMs),
        // A fresh connection per delivery: a pooled one could have been opened to another address.
        agent: false,
      },
      (response) => {
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const answer = {
          status: response.statusCode ?? 0,
          location: typeof response.headers.location === "string" ? response.headers.location : null,
        };
        response.on("end", () => resolve(answer));
        response.on("close", () => resolve(answer));
        response.on("error", () => resolve(answer));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
