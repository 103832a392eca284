// Refuses a JSON body nested deeper than any request of this API needs, before anything walks it: a body of
// arrays nested 5,000 deep parsed fine, passed the route's schema (unknown fields are not walked by zod) and then
// overflowed the stack of the first recursive walk (500). The scan is one pass over the text, no recursion.
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env.ts";
import { problemOf, sendProblem } from "../problem.ts";

/** The deepest nesting of arrays and objects a body may have; the API's deepest schema needs about 5. */
export const MAX_JSON_DEPTH = 64;

/** How deep the arrays and objects of a JSON text nest (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b /* [ */ || ch === 0x7b /* { */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (ch === 0x5d /* ] */ || ch === 0x7d /* } */) depth--;
  }
  return deepest;
}

const isJson = (type: string | undefined) =>
  type !== undefined && /^application\/([a-z.+-]+\+)?json\b/i.test(type);

export function jsonDepthLimit(max = MAX_JSON_DEPTH): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return next();
    if (!isJson(c.req.header("content-type"))) return next();
    // Hono keeps the text: the route's validator and handler read the same body again without the stream.
    const text = await c.req.text();
    if (jsonDepth(text, max) > max)
      return sendProblem(
        c,
        problemOf(
          "MalformedRequest",
          `The body nests arrays and objects more than ${max} levels deep; no request of this API needs that.`,
        ),
      );
    return next();
  };
}
