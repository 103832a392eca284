// The API process: reads the configuration, opens the database (embedded PGlite in the data folder, or
// PostgreSQL), creates the demo workspace on a first start, starts the background jobs, and listens. The one
// place the server's parts are wired together.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createService } from "@accountable/service";
import { defaultMigrationsFolder, defaultTemplateFolder, openDatabase } from "@accountable/store";
import { serve } from "@hono/node-server";
import pino from "pino";
import pinoPretty from "pino-pretty";
import { createApp } from "./app.ts";
import { authOptionsFromEnv, createAuth, type DemoLogins } from "./auth/index.ts";
import { answerClientError } from "./client-errors.ts";
import { ConfigError, readConfig, type ServerConfig } from "./config.ts";
import { standardExtensions } from "./features.ts";
import { startJobs } from "./jobs/start-jobs.ts";
import { runtimeWarning } from "./node-support.ts";
import { serveWeb } from "./web.ts";
import { sealPlaintextSecrets, secretBox } from "./webhooks/secret-box.ts";
import { systemResolve, type WebhookTargets } from "./webhooks/targets.ts";

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Where a process on this machine reaches the server over loopback: 127.0.0.1 (or ::1) when it listens on every
 * interface or on a loopback address; undefined when it listens on another address only (a request to it would not
 * come from loopback, so the local credential would be refused anyway).
 */
function loopbackUrl(address: string | AddressInfo | null): string | undefined {
  if (!address || typeof address === "string") return undefined;
  const { address: host, port } = address;
  if (host === "0.0.0.0" || host.startsWith("127.") || host === "::ffff:127.0.0.1")
    return `http://127.0.0.1:${port}`;
  if (host === "::" || host === "::1") return `http://[::1]:${port}`;
  return undefined;
}

/** The workspace the demo lives in (the CLI's `accountable demo` uses the same). */
const DEMO_WORKSPACE = "demo";

/** The bundle ships the store's migrations beside itself; from the sources, the store's own folder serves. */
function migrationsFolder(): string {
  const beside = fileURLToPath(new URL("./migrations", import.meta.url));
  return existsSync(beside) ? beside : defaultMigrationsFolder();
}

/** The web app's build: WEB_DIST, or apps/web/dist beside this app when it has been built. */
function webDist(config: ServerConfig): string | undefined {
  if (config.webDist) return config.webDist;
  const sibling = fileURLToPath(new URL("../../web/dist", import.meta.url));
  return existsSync(join(sibling, "index.html")) ? sibling : undefined;
}

export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  // PORT=0 asks for any free port; sessions and invitation links need the final address before the server
  // listens, so the port is chosen first.
  const requested = readConfig(env);
  const config =
    requested.port === 0 ? readConfig({ ...env, PORT: String(await freePort(requested.host)) }) : requested;
  // A person at a terminal reads lines beside the banner; a collector reads JSON (LOG_FORMAT chooses either way).
  const pretty = (config.logFormat ?? (process.stdout.isTTY ? "pretty" : "json")) === "pretty";
  // Asynchronous writes: logging stays off the request's path (measured at ~4 % of CPU when synchronous).
  const jsonLines = pretty ? undefined : pino.destination({ sync: false });
  const logger = pino(
    { level: config.logLevel },
    jsonLines ??
      pinoPretty({
        translateTime: "SYS:HH:MM:ss",
        // One line an entry: a request reads "GET /api/… 200 (12 ms)", other fields follow as one JSON object.
        singleLine: true,
        ignore: "pid,hostname,requestId,method,path,status,ms",
        messageFormat: (log, key) =>
          log.method === undefined
            ? String(log[key])
            : `${log.method} ${log.path} ${log.status} (${log.ms} ms)`,
        colorize: process.stdout.isTTY,
        sync: true,
      }),
  );
  const where = config.databaseUrl ? "PostgreSQL" : `the embedded database in ${config.dataDir}`;
  logger.info(`opening ${where}`);
  const handle = await openDatabase(
    config.databaseUrl
      ? { kind: "postgres", url: config.databaseUrl, migrationsFolder: migrationsFolder() }
      : {
          kind: "embedded",
          dataDir: join(config.dataDir, "db"),
          migrationsFolder: migrationsFolder(),
          // A new data folder is a copy of the store's template (initdb and every migration, made at build).
          template: defaultTemplateFolder(),
        },
  );
  const service = createService({ db: handle.db });
  // Webhook signing secrets are sealed with a key derived from AUTH_SECRET; ones stored before that are sealed now.
  const secrets = secretBox(config.secret);
  const sealed = await sealPlaintextSecrets(handle.db, secrets);
  if (sealed > 0) logger.info(`sealed ${sealed} webhook signing secret(s) kept from before sealing`);
  const targets: WebhookTargets = { allowed: config.webhookAllowedHosts, resolve: systemResolve };
  const auth = createAuth({
    db: handle.db,
    service,
    publicUrl: config.publicUrl,
    trustedOrigins: config.trustedOrigins,
    secret: config.secret,
    ...authOptionsFromEnv(env),
    demoPassword: config.demoPassword,
    // What a token may do in a workspace is kept in this process until the database says it changed.
    watchAccess: handle.watchAccess,
  });

  let demoLogin: DemoLogins | null = null;
  if (config.demo) {
    const existing = await service.load(DEMO_WORKSPACE, "workspace", DEMO_WORKSPACE);
    if (existing.version === 0) {
      logger.info(`creating the demo workspace (${config.demoDeals} deals, a year of history)…`);
      const started = performance.now();
      await service.seedDemo({
        workspaceId: DEMO_WORKSPACE,
        seed: 1,
        now: new Date().toISOString() as never,
        opportunities: config.demoDeals,
      });
      logger.info(`demo workspace ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    demoLogin = await auth.ensureDemoLogin();
  }

  const web = webDist(config);
  // On the embedded database this process holds the data folder: commands on this machine work through it with a
  // credential of this run's, written into the folder (mode 0600) once it listens.
  const localCredential = handle.kind === "embedded" ? randomBytes(32).toString("base64url") : undefined;
  const app = createApp({
    service,
    db: handle.db,
    auth,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    // PostgreSQL: other processes may share the keys, so a hold is a lease its request renews. Embedded: this
    // process owns the folder, and the store ended every earlier process's holds when it opened it.
    idempotencyLeaseMs: handle.driver === "pglite" ? null : config.idempotencyLeaseSeconds * 1000,
    ...(localCredential === undefined ? {} : { localCredential }),
    extensions: [
      ...standardExtensions({ service, db: handle.db, publicUrl: config.publicUrl, secrets, targets }),
      (a) => serveWeb(a, web),
    ],
  });

  // Webhook deliveries and the sweep: pg-boss over PostgreSQL (one sweep per period across processes), an
  // in-process timer on the embedded database.
  const jobs = await startJobs({
    db: handle.db,
    driver: handle.driver,
    databaseUrl: config.databaseUrl,
    service,
    logger,
    sweepEveryMinutes: config.sweepEveryMinutes,
    secrets,
    targets,
    webhooks: {
      maxAttempts: config.webhookMaxAttempts,
      retryDelaySeconds: config.webhookRetrySeconds,
      timeoutMs: config.webhookTimeoutMs,
    },
  });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  // What Node's parser refuses (an over-long URL: 431) is answered as problem+json too.
  server.on("clientError", answerClientError);
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
  // Another process that finds the embedded folder taken reads from its lock where this server answers; a
  // command on this machine finds the server file beside it, with a loopback address to reach this server at
  // (PUBLIC_URL may name a proxy or another interface), and works through it.
  const loopback = loopbackUrl(address);
  await handle.announceAddress(
    url,
    localCredential && loopback ? { address: loopback, credential: localCredential } : undefined,
  );
  const lines = [
    "",
    `  Accountable is running at ${url}`,
    `  API reference: ${url}/docs   OpenAPI: ${url}/openapi.json`,
    ...(web ? [] : ["  (the web app is not built: / opens the API reference)"]),
    ...(demoLogin
      ? [
          `  Demo login: ${demoLogin.email} / ${demoLogin.password}`,
          ...(demoLogin.signIns.length > 1
            ? [
                `  (the sign-in page also offers ${demoLogin.signIns
                  .slice(1)
                  .map((p) => p.role.replace(/_/g, " "))
                  .join(", ")}: the same password)`,
              ]
            : []),
        ]
      : []),
    `  Data: ${where}`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs.stop();
      await auth.close();
      await handle.close();
      jsonLines?.flushSync();
    })();
    return closing;
  };
  return { app, url, port, close };
}

// Run as a program (node dist/server.js), not when imported by tests or the CLI.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const warning = runtimeWarning(process.env, new Date());
  if (warning) process.stderr.write(`warning: ${warning}\n`);
  startServer().then(
    (running) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const)
        process.once(signal, () => {
          running.close().then(() => process.exit(0));
        });
    },
    (e: unknown) => {
      // A configuration to fix, or a data folder another process holds: a sentence, not a stack.
      const plain = e instanceof ConfigError || (e as Error).name === "DataFolderInUse";
      process.stderr.write(`${plain ? (e as Error).message : (e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
