import { randomBytes } from "node:crypto";
import pg from "pg";

/** A database created for one test run, so runs never see each other's data. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * Creates `accountable_test_<random>` on the server `serverUrl` points at (any database there will do for
 * the CREATE) and returns its URL. `drop()` removes it, closing whatever connections are left (PG 13+).
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `accountable_test_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop: () => {
      dropped ??= onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return dropped;
    },
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
