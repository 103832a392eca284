// @accountable/api: the HTTP adapter. `createApp` builds the Hono app from its dependencies (no I/O on import);
// `server.ts` is the process that opens the database and listens.
export { API_VERSION, type ApiDependencies, createApp } from "./app.ts";
export { createAuth } from "./auth/index.ts";
export type { AuthPort } from "./auth/port.ts";
export type { Acting, ApiEnv, Principal } from "./env.ts";
export { standardExtensions } from "./features.ts";
export { type Jobs, type JobsOptions, startJobs } from "./jobs/start-jobs.ts";
export {
  PROBLEMS,
  type Problem,
  ProblemSchema,
  type ProblemTag,
  problemSlug,
  problemType,
} from "./problem.ts";
export { type SecretBox, secretBox } from "./webhooks/secret-box.ts";
