import { cp, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

// Three entries: the library (createApp, for tests, the CLI's `serve` and the client's OpenAPI generation), the
// server, and the supported Node.js lines (a small module the CLI loads at every start). Workspace packages are
// dependencies, so they stay external and are resolved from node_modules.
export default defineConfig({
  entry: { index: "src/index.ts", server: "src/server.ts", "node-support": "src/node-support.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  dts: {
    entry: { index: "src/index.ts", "node-support": "src/node-support.ts" },
    compilerOptions: { ignoreDeprecations: "6.0" },
  },
  tsconfig: "tsconfig.json",
  async onSuccess() {
    const target = fileURLToPath(new URL("./dist/migrations", import.meta.url));
    await rm(target, { recursive: true, force: true });
    await cp(fileURLToPath(new URL("../../packages/store/migrations", import.meta.url)), target, {
      recursive: true,
    });
  },
});
