// The server's configuration, read from environment variables once, at start, and checked with zod: a bad value
// stops the server with a sentence naming the variable. README.md lists the same variables.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIPv6 } from "node:net";
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { type AllowList, parseAllowList } from "./webhooks/targets.ts";

const flag = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

export const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .describe("a PostgreSQL server; without it, the embedded database"),
  ACCOUNTABLE_DATA_DIR: z.string().min(1).default(".accountable").describe("the embedded database's folder"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1").describe("0.0.0.0 to listen on every interface"),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe("where users reach the server; default http://localhost:PORT"),
  AUTH_SECRET: z
    .string()
    .min(32, "AUTH_SECRET must be at least 32 characters")
    .optional()
    .describe("signs sessions; generated and kept in the data folder on the embedded database"),
  ACCOUNTABLE_DEMO: flag
    .optional()
    .describe("create the demo workspace on first start (default: on, embedded only)"),
  DEMO_PASSWORD: z.string().min(8).default("accountable-demo"),
  DEMO_DEALS: z.coerce.number().int().min(7).max(2_000_000).default(400),
  SWEEP_EVERY_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  WEBHOOK_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(10),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .optional()
    .describe("addresses, CIDR ranges and host names inside the network that webhooks may reach"),
  IDEMPOTENCY_LEASE_SECONDS: z.coerce
    .number()
    .min(1)
    .max(3600)
    .default(30)
    .describe("PostgreSQL: how long a dead process's Idempotency-Key blocks its retry"),
  WEB_DIST: z.string().optional().describe("the web app's build to serve at /"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z
    .enum(["json", "pretty"])
    .optional()
    .describe(
      "json lines for a log collector, or pretty lines for a person; pretty when output is a terminal",
    ),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
});

export interface ServerConfig {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /**
   * The origins a browser may sign in from: PUBLIC_URL's alone when it is set; otherwise every address of the
   * listening port (localhost, 127.0.0.1, [::1], and the host's own addresses when it listens on them).
   */
  readonly trustedOrigins: readonly string[];
  readonly secret: string;
  readonly demo: boolean;
  readonly demoPassword: string;
  readonly demoDeals: number;
  readonly sweepEveryMinutes: number;
  readonly webhookMaxAttempts: number;
  readonly webhookRetrySeconds: number;
  readonly webhookTimeoutMs: number;
  /** What webhooks may reach although it is inside (WEBHOOK_ALLOWED_HOSTS). */
  readonly webhookAllowedHosts: AllowList;
  /** On PostgreSQL, how long a hold on an Idempotency-Key lasts unrenewed (its process died). */
  readonly idempotencyLeaseSeconds: number;
  readonly webDist: string | undefined;
  readonly logLevel: z.output<typeof EnvSchema>["LOG_LEVEL"];
  /** Unset: the server chooses by whether its output is a terminal. */
  readonly logFormat: z.output<typeof EnvSchema>["LOG_FORMAT"];
  readonly maxBodyBytes: number;
}

export class ConfigError extends Error {}

/** Reads the configuration; on the embedded database, the session secret is made once and kept beside the data. */
export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success)
    throw new ConfigError(
      `The server's configuration is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.`,
    );
  const e = parsed.data;
  let webhookAllowedHosts: AllowList;
  try {
    webhookAllowedHosts = parseAllowList(e.WEBHOOK_ALLOWED_HOSTS);
  } catch (error) {
    throw new ConfigError(
      `The server's configuration is not valid: WEBHOOK_ALLOWED_HOSTS: ${(error as Error).message}.`,
    );
  }
  const dataDir = resolve(e.ACCOUNTABLE_DATA_DIR);
  const embedded = e.DATABASE_URL === undefined;
  let secret = e.AUTH_SECRET;
  if (!secret) {
    if (!embedded)
      throw new ConfigError(
        "AUTH_SECRET is required with DATABASE_URL: every API process must sign sessions with the same secret (32+ characters, e.g. `openssl rand -hex 32`).",
      );
    secret = embeddedSecret(dataDir);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    trustedOrigins: e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).origin] : listeningOrigins(e.HOST, e.PORT),
    secret,
    demo: e.ACCOUNTABLE_DEMO ?? embedded,
    demoPassword: e.DEMO_PASSWORD,
    demoDeals: e.DEMO_DEALS,
    sweepEveryMinutes: e.SWEEP_EVERY_MINUTES,
    webhookMaxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    webhookRetrySeconds: e.WEBHOOK_RETRY_SECONDS,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    webhookAllowedHosts,
    idempotencyLeaseSeconds: e.IDEMPOTENCY_LEASE_SECONDS,
    webDist: e.WEB_DIST,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    maxBodyBytes: e.MAX_BODY_BYTES,
  };
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);
const ANY_ADDRESS = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * Every origin that reaches a server listening on `host:port` without a PUBLIC_URL: the loopback names always
 * (the server prints localhost and listens on 127.0.0.1 by default, and people type either), the host itself
 * when it is another address, and every address of the machine when it listens on all of them.
 */
export function listeningOrigins(
  host: string,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  const hostPart = (h: string) => (isIPv6(h) ? `[${h}]` : h);
  const hosts = ["localhost", "127.0.0.1", "[::1]"];
  if (ANY_ADDRESS.has(host)) {
    // A link-local IPv6 address needs a zone in a URL, which browsers do not send as an Origin.
    for (const info of Object.values(interfaces).flat())
      if (info && !(info.family === "IPv6" && info.address.toLowerCase().startsWith("fe80")))
        hosts.push(hostPart(info.address));
  } else if (!LOOPBACK_HOSTS.has(host)) hosts.push(hostPart(host.replace(/^\[|\]$/g, "")));
  return [...new Set(hosts.map((h) => `http://${h}:${port}`))];
}

function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
