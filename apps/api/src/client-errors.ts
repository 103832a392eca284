// What Node's HTTP parser refuses before the app sees a request — a URL or headers over `maxHeaderSize` (431), a
// request line or header it cannot read (400), a request that never finished arriving (408) — answered as
// problem+json like every other error. Node's own answer is a status line with an empty body.
import { randomUUID } from "node:crypto";
import type { Duplex } from "node:stream";
import { type Problem, type ProblemTag, problemOf } from "./problem.ts";

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  408: "Request Timeout",
  413: "Content Too Large",
  431: "Request Header Fields Too Large",
};

/** The problem for a parser error's code (`HPE_HEADER_OVERFLOW`, `ERR_HTTP_REQUEST_TIMEOUT`, …). */
export function clientErrorProblem(code: string | undefined): Problem {
  const [tag, detail]: [ProblemTag, string] =
    code === "HPE_HEADER_OVERFLOW"
      ? ["HeadersTooLarge", "The URL and headers together are too long; send the data in a body instead."]
      : code === "ERR_HTTP_REQUEST_TIMEOUT" || code === "ERR_HTTP_HEADERS_TIMEOUT"
        ? ["RequestTimeout", "The request did not arrive in time."]
        : code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
          ? ["PayloadTooLarge", "The chunk extensions of the body are too large."]
          : ["MalformedRequest", "The request is not valid HTTP/1.1 and could not be read."];
  return { ...problemOf(tag, detail), requestId: randomUUID() };
}

/** The raw response bytes for a problem, closing the connection (the parser cannot go on reading it). */
export function rawProblemResponse(problem: Problem): string {
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${problem.status} ${REASONS[problem.status] ?? "Bad Request"}`,
    "Content-Type: application/problem+json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "X-Content-Type-Options: nosniff",
    `X-Request-Id: ${problem.requestId ?? ""}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/** A listener for the server's `clientError` event. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection, or one whose response already started (Node's own rule): nothing can be answered.
  const inFlight = (socket as { _httpMessage?: { _headerSent?: boolean } })._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || inFlight?._headerSent) {
    socket.destroy();
    return;
  }
  socket.end(rawProblemResponse(clientErrorProblem(err.code)));
}
