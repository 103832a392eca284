// The two databases every test here runs on: embedded PGlite always, PostgreSQL when DATABASE_URL is set.
import { testTargets } from "@accountable/store/testing";

export type { TestTarget } from "@accountable/store/testing";
export const serverUrl = process.env.DATABASE_URL;
export const TARGETS = testTargets(serverUrl);
