// Test helpers for packages that test against the store: `@accountable/store/testing`. Not for production use.
export { openMemoryDatabase } from "./testing/pglite-template.ts";
export { createTestDatabase, type TestDatabase } from "./testing/postgres-test-database.ts";
export { type TestTarget, testTargets } from "./testing/targets.ts";
