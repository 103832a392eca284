// @accountable/client: Accountable's API from TypeScript, typed end to end by the API's own OpenAPI document
// (src/schema.ts is generated from it; nothing here restates a request or a response).
import createFetchClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.ts";

export type { components, operations, paths } from "./schema.ts";

/** Every named schema of the API: `Schemas["Opportunity"]`, `Schemas["Problem"]`, … */
export type Schemas = components["schemas"];
/** An error answer (RFC 9457 problem details) with the refusal's stable `type` and `code`. */
export type Problem = Schemas["Problem"];

export interface ClientOptions {
  /** Where the API is, e.g. http://localhost:3000 (empty for the same origin in a browser). */
  readonly baseUrl: string;
  /** A personal API token (scripts, the CLI); browsers use the session cookie instead. */
  readonly token?: string;
  readonly fetch?: typeof fetch;
  readonly headers?: Readonly<Record<string, string>>;
}

export type AccountableClient = Client<paths>;

/**
 * A client whose `GET`, `POST`, … take the API's paths and answer `{ data, error, response }` typed by them:
 * `data` on success, `error` (a Problem) otherwise.
 */
export function createClient(options: ClientOptions): AccountableClient {
  return createFetchClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    credentials: "include",
    headers: {
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
  });
}
