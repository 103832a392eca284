// Which Node.js lines Accountable supports, as data: the server and the CLI print one line on stderr when they run
// on a line past its end of life (`endOfLifeWarning`). Pure: the version and the day are arguments. Kept apart
// from the API's index so the CLI loads this small module alone (`@accountable/api/node-support`).

/**
 * The day each Node.js major line stops getting security fixes, from the project's release schedule
 * (https://github.com/nodejs/release#release-schedule). Odd lines are never LTS and end after about 14 months.
 */
export const NODE_END_OF_LIFE: Readonly<Record<number, string>> = {
  18: "2025-04-30",
  19: "2023-06-01",
  20: "2026-04-30",
  21: "2024-06-01",
  22: "2027-04-30",
  23: "2025-06-01",
  24: "2028-04-30",
  25: "2026-06-01",
  26: "2029-04-30",
};

/** The lines the tests run on in CI, the first the one to recommend (the README says the same). */
export const NODE_TESTED = [24, 22] as const;

const OLDEST_KNOWN = Math.min(...Object.keys(NODE_END_OF_LIFE).map(Number));

/**
 * The one-line warning for Node.js `version` ("20.20.0" or "v20.20.0") on `today` (YYYY-MM-DD), or undefined
 * while the line is supported. A line newer than the table is not warned about; one older than it is.
 */
export function endOfLifeWarning(version: string, today: string): string | undefined {
  const bare = version.replace(/^v/, "");
  const major = Number.parseInt(bare, 10);
  if (!Number.isInteger(major)) return undefined;
  const recommend = `use Node.js ${NODE_TESTED.join(" or ")}`;
  const endOfLife = NODE_END_OF_LIFE[major];
  if (endOfLife === undefined)
    return major < OLDEST_KNOWN
      ? `Node.js ${bare} is long past its end of life and gets no security fixes: ${recommend}.`
      : undefined;
  if (today < endOfLife) return undefined;
  return `Node.js ${bare} reached its end of life on ${endOfLife} and gets no security fixes: ${recommend}.`;
}

/**
 * The warning for the running process, or undefined. `ACCOUNTABLE_NODE_VERSION` names another version to judge:
 * the seam the tests use to see the warning from a real process on any runtime.
 */
export function runtimeWarning(env: NodeJS.ProcessEnv, now: Date): string | undefined {
  return endOfLifeWarning(
    env.ACCOUNTABLE_NODE_VERSION || process.versions.node,
    now.toISOString().slice(0, 10),
  );
}
