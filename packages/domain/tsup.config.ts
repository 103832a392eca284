import { defineConfig } from "tsup";

export default defineConfig({
  // The spelling of dates has its own entry: it imports nothing, so a browser's first load can take it alone.
  entry: { index: "src/index.ts", spell: "src/kernel/spell-date.ts" },
  format: ["esm", "cjs"],
  // TypeScript 6 deprecates options tsup's dts build still sets; silence them there only.
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  tsconfig: "tsconfig.json",
  sourcemap: true,
  clean: true,
  target: "es2022",
  treeshake: true,
});
