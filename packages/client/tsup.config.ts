import { defineConfig } from "tsup";

export default defineConfig({
  // The commands read the domain's tables: a subpath, so a page that only fetches does not load the domain.
  entry: { index: "src/index.ts", commands: "src/commands.ts" },
  format: ["esm"],
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  clean: true,
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  tsconfig: "tsconfig.json",
});
