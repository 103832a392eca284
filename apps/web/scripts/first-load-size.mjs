// After `vite build`: the gzip size of the JavaScript a first visit loads before any route's own chunk — the
// entry script of dist/index.html, what it preloads, and what those import statically (dynamic imports are
// code-split routes and are not counted).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 200;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const html = readFileSync(join(dist, "index.html"), "utf8");

const initial = [
  ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
].map((m) => m[1]);

const seen = new Set();
let bytes = 0;
const visit = (url) => {
  const file = join(dist, url.replace(/^\//, ""));
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(file);
  bytes += gzipSync(code, { level: 9 }).length;
  // Static imports only: `import{a}from"./x.js"`, `import"./x.js"`; never `import("./x.js")`.
  for (const m of code.toString("utf8").matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
    visit(join(dirname(url), m[1]));
  }
};
for (const url of initial) visit(url);

const kb = bytes / 1024;
console.log(`first-load JS: ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB) in ${seen.size} file(s)`);
if (kb > BUDGET_KB) {
  console.error(`first-load JS is over the budget of ${BUDGET_KB} KB gzip`);
  process.exitCode = 1;
}
