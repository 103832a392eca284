// Checks on the package as a whole: it stays pure, and what it publishes is clean.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test(-d)?\.ts$/.test(name) ? [path] : [];
  });
}

/**
 * What the domain may use besides its own files: zod and ts-pattern, nothing else. Dates as exports write them are
 * read by hand (import/dates.ts); date-fns is only a dev dependency, the reference a property test holds it to.
 */
const RUNTIME = ["ts-pattern", "zod"];

describe("the domain stays pure", () => {
  const files = sourceFiles(src);

  it("has source files to check", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  const forbidden: [string, RegExp][] = [
    ["the clock", /Date\.now\(|new Date\(\s*\)|performance\.now/],
    ["randomness", /Math\.random|crypto\.|randomUUID/],
    ["the environment", /process\.|globalThis\.|Deno\.|Bun\./],
    ["the network", /fetch\(|XMLHttpRequest|WebSocket/],
    [
      "files and Node built-ins",
      /from ["']node:|require\(|from ["'](fs|path|os|http|https|child_process)["']/,
    ],
    ["the console", /console\./],
  ];
  it.each(forbidden)("reads nothing from %s", (_what, pattern) => {
    const hits = files.filter((f) => pattern.test(readFileSync(f, "utf8"))).map((f) => relative(root, f));
    expect(hits).toEqual([]);
  });

  it("imports only zod, ts-pattern and its own files", () => {
    const foreign = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, "utf8").matchAll(/from ["']([^"']+)["']/g)) {
        const spec = m[1]!;
        if (!spec.startsWith(".") && !RUNTIME.includes(spec)) foreign.add(`${relative(root, f)}: ${spec}`);
      }
    }
    expect([...foreign]).toEqual([]);
  });

  it("declares only zod and ts-pattern as runtime dependencies", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(RUNTIME);
    expect(pkg.sideEffects).toBe(false);
  });
});

// The build runs before the tests in the README's test command; without a build there is nothing to check.
describe.runIf(existsSync(join(root, "dist/index.js")))("the published package", () => {
  it("builds ESM, CJS and both type files, named by the exports map", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    for (const target of [
      pkg.exports["."].import.default,
      pkg.exports["."].import.types,
      pkg.exports["."].require.default,
      pkg.exports["."].require.types,
    ]) {
      expect(existsSync(join(root, target)), target).toBe(true);
    }
  });

  it("requires nothing at runtime but zod and ts-pattern", () => {
    const cjs = readFileSync(join(root, "dist/index.cjs"), "utf8");
    const required = new Set([...cjs.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    expect([...required].sort()).toEqual(RUNTIME);
  });

  it("is clean under publint and are-the-types-wrong", () => {
    const bin = join(root, "node_modules/.bin");
    // --strict makes warnings fail the command too; execFileSync throws on a non-zero exit.
    const publint = execFileSync(join(bin, "publint"), ["--strict"], { cwd: root, encoding: "utf8" });
    expect(publint).not.toMatch(/Errors:|Warnings:/);
    // attw exits non-zero on any problem; --pack packs exactly what npm would publish.
    const attw = execFileSync(join(bin, "attw"), ["--pack", ".", "--format", "json"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(JSON.parse(attw).analysis.problems).toEqual([]);
  }, 60_000);
});
