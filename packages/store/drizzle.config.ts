import { defineConfig } from "drizzle-kit";

// `pnpm db:generate` writes the next migration into ./migrations from the schema files. drizzle-kit only
// reads the schema here; it never connects, so no credentials belong in this file.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./migrations",
  strict: true,
  verbose: true,
});
