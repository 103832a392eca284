import { readFileSync } from "node:fs";
import { chmod, cp, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

// @electric-sql/pglite (WASM and data files found beside its own module) and pg (CommonJS) stay in
// node_modules: they are this package's `dependencies`, which tsup leaves external. Everything else — commander,
// our workspace packages, drizzle, zod — is bundled (devDependencies).

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

export default defineConfig({
  entry: { accountable: "src/bin.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  // The entry (bin.ts) turns on the compile cache and loads main.ts, which holds commander and the command tree;
  // each command's code (the database drivers, the domain's
  // schemas…) sits in chunks loaded by `await import()` when the command runs. A single-file bundle measured
  // ~1.7× `node -e 0` for `--help`: V8 compiles the whole 0.9 MB module before running a line of it.
  splitting: true,
  bundle: true,
  // commander is CommonJS and requires node's built-ins: give the ESM bundle a `require` for them.
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __cliRequire } from "node:module";\nconst require = __cliRequire(import.meta.url);',
  },
  sourcemap: true,
  clean: true,
  treeshake: false,
  // Smaller chunks parse faster; `--enable-source-maps` maps a stack trace back to the sources.
  minify: true,
  tsconfig: "tsconfig.json",
  define: { __CLI_VERSION__: JSON.stringify(version) },
  // The store migrates on open and finds its migrations beside the code that runs: ship them next to the bundle.
  async onSuccess() {
    const target = fileURLToPath(new URL("./dist/migrations", import.meta.url));
    await rm(target, { recursive: true, force: true });
    await cp(fileURLToPath(new URL("../../packages/store/migrations", import.meta.url)), target, {
      recursive: true,
    });
    // And the data folder a new embedded database starts from (the store's build made it: store/src/template.ts).
    await cp(
      fileURLToPath(new URL("../../packages/store/dist/pglite-template", import.meta.url)),
      fileURLToPath(new URL("./dist/pglite-template", import.meta.url)),
      { recursive: true },
    );
    await chmod(fileURLToPath(new URL("./dist/accountable.js", import.meta.url)), 0o755);
  },
});
