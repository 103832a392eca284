import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";
import { makeTemplate } from "./src/make-template.ts";

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
  // The data folder a new embedded database is copied from (src/template.ts): initdb and every migration, once
  // per build instead of once per `accountable init`.
  async onSuccess() {
    await makeTemplate(
      fileURLToPath(new URL("./dist/pglite-template", import.meta.url)),
      fileURLToPath(new URL("./migrations", import.meta.url)),
    );
  },
});
