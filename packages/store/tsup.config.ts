import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/testing.ts", "src/folder.ts"],
  format: ["esm", "cjs"],
  // TypeScript 6 deprecates options tsup's dts build still sets; silence them there only.
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  tsconfig: "tsconfig.json",
  // The migrations folder is found from `import.meta.url`; the shim gives the CJS build the same answer.
  shims: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  treeshake: true,
});
