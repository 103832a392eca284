// The search benchmark's database: `accountable_search_bench` on the PostgreSQL server, holding the demo
// workspace `demo` (a small demo: its members, their logins, a few hundred records) plus 1,000,000 searchable
// records written straight into the read tables with SQL (generate_series): accounts, contacts, deals,
// contracts, briefs and notes with names drawn from word lists, owned by the demo's members, so that names
// repeat the way a large CRM's do ("John Smith" a hundred times). Search reads only the read tables, so no
// events are written for them. Built once and kept; a row in `bench_seeded` says it is complete.
import { createService } from "@accountable/service";
import { type DatabaseHandle, openDatabase } from "@accountable/store";
import pg from "pg";
import { BENCH_NOW, BENCH_WORKSPACE, withDatabase } from "./bench-database.ts";

export const SEARCH_BENCH_DATABASE = process.env.SEARCH_BENCH_DATABASE ?? "accountable_search_bench";

/** How the million records are spread over the kinds. */
export const SEARCH_BENCH_SIZES = {
  accounts: 100_000,
  contacts: 300_000,
  opportunities: 250_000,
  contracts: 100_000,
  briefs: 100_000,
  notes: 150_000,
} as const;

const list = (words: readonly string[]) =>
  `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}]`;
const FIRST = list([
  "John",
  "Jon",
  "Jonathan",
  "Joan",
  "Maria",
  "Mario",
  "Anna",
  "Hannah",
  "Peter",
  "Pedro",
  "Sofia",
  "Sophie",
  "Lucas",
  "Luca",
  "Emma",
  "Noah",
  "Olivia",
  "Liam",
  "Mia",
  "Elias",
  "Chloé",
  "Inès",
  "Björn",
  "Søren",
  "Fatima",
  "Omar",
  "Wei",
  "Yuki",
  "Priya",
  "Arjun",
  "Dana",
  "David",
  "Sarah",
  "Sara",
  "Michael",
  "Michel",
  "Laura",
  "Lars",
  "Nina",
  "Igor",
]);
const LAST = list([
  "Smith",
  "Smyth",
  "Garcia",
  "García",
  "Müller",
  "Mueller",
  "Martin",
  "Bernard",
  "Rossi",
  "Russo",
  "Novak",
  "Kowalski",
  "Johnson",
  "Jansen",
  "Andersen",
  "Nielsen",
  "Dubois",
  "Moreau",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Weber",
  "Silva",
  "Santos",
  "Costa",
  "Lopez",
  "Hernandez",
  "Tanaka",
  "Suzuki",
  "Chen",
  "Wang",
  "Khan",
  "Patel",
  "Singh",
  "O'Brien",
  "Murphy",
  "Kelly",
  "Walsh",
  "Byrne",
  "Ryan",
]);
const COMPANY = list([
  "Acme",
  "Globex",
  "Northwind",
  "Initech",
  "Umbrella",
  "Stark",
  "Wayne",
  "Wonka",
  "Hooli",
  "Vandelay",
  "Soylent",
  "Cyberdyne",
  "Tyrell",
  "Oscorp",
  "Aperture",
  "Massive",
  "Dynamic",
  "Blue Harbor",
  "Red Rock",
  "Silver Lake",
  "Green Valley",
  "Summit",
  "Pioneer",
  "Atlas",
  "Orion",
  "Nova",
  "Zenith",
  "Apex",
  "Vertex",
  "Horizon",
  "Evergreen",
  "Riverside",
  "Lakeside",
  "Highland",
  "Crescent",
  "Sterling",
  "Granite",
  "Falcon",
  "Phoenix",
  "Polaris",
  "Quantum",
  "Fusion",
  "Nimbus",
  "Aurora",
  "Cobalt",
  "Ember",
  "Harbor",
  "Meridian",
  "Beacon",
  "Keystone",
]);
const TRADE = list([
  "Media",
  "Logistics",
  "Foods",
  "Capital",
  "Energy",
  "Labs",
  "Pharma",
  "Motors",
  "Retail",
  "Telecom",
  "Insurance",
  "Textiles",
  "Travel",
  "Studios",
  "Systems",
  "Software",
  "Brewing",
  "Fashion",
  "Health",
  "Finance",
  "Robotics",
  "Airlines",
  "Hotels",
  "Chemicals",
  "Publishing",
  "Games",
  "Sports",
  "Beauty",
  "Furniture",
  "Mining",
]);
const SUFFIX = list(["Corporation", "Group", "GmbH", "SA", "Ltd", "Inc", "Holdings", "& Co"]);
const DEAL = list([
  "2027 retainer",
  "Q3 campaign",
  "website relaunch",
  "brand refresh",
  "renewal 2027",
  "media buying",
  "SEO audit",
  "social media always-on",
  "product launch",
  "trade fair stand",
  "employer branding",
  "CRM migration",
  "content hub",
  "performance marketing",
  "annual report",
]);
const CONTRACT = list([
  "master services agreement",
  "retainer 2027",
  "statement of work",
  "framework agreement",
  "media agency agreement",
  "licence agreement",
  "maintenance contract",
  "project contract",
]);
const BRIEF = list([
  "Spring launch campaign",
  "Holiday social push",
  "Trade fair stand",
  "Product video",
  "Rebranding",
  "Employer branding film",
  "Summer sale",
  "Podcast series",
  "Influencer programme",
  "Annual report design",
  "Packaging redesign",
  "Loyalty programme launch",
]);
const NOTE = list([
  "Pricing objections from procurement",
  "QBR follow-up",
  "Budget cut rumours",
  "New CMO introduced",
  "Renewal risk flagged",
  "Competitor pitch heard of",
  "Legal review of the MSA",
  "Invoice dispute",
  "Kick-off notes",
  "Stakeholder map updated",
  "Agency review announced",
  "Praise for the last campaign",
]);

/** The i-th word of a list, picked by a hash of the row number and a salt (deterministic, well spread). */
const pick = (words: string, salt: string) =>
  `(${words})[1 + abs(hashtext(i::text || '${salt}')) % array_length(${words}, 1)]`;
const company = `${pick(COMPANY, "c")} || ' ' || ${pick(TRADE, "t")} || ' ' || ${pick(SUFFIX, "s")}`;
const ACCOUNTS = SEARCH_BENCH_SIZES.accounts;
/** The account a row of another kind is under: spread over all of them. */
const accountOf = `'bacc-' || (1 + abs(hashtext(i::text || 'a')) % ${ACCOUNTS})`;

function statements(owners: readonly string[], delivery: readonly { id: string; role: string }[]): string[] {
  const ws = `'${BENCH_WORKSPACE}'`;
  const ownerList = list(owners);
  const owner = pick(ownerList, "o");
  const at = `'2026-06-01T09:00:00.000Z'`;
  const teamMember = delivery.length
    ? `jsonb_build_array(jsonb_build_object('memberId', ${pick(list(delivery.map((d) => d.id)), "d")}, 'role', 'account_manager'))`
    : `'[]'::jsonb`;
  const n = SEARCH_BENCH_SIZES;
  return [
    // Accounts first: the others name them, and the account names feed the deals'.
    `insert into accounts (workspace_id, id, version, data, updated_at, name, status, owner_id, parent_id)
     select ${ws}, id, 1, jsonb_build_object('id', id, 'name', name, 'status', 'active', 'ownerId', owner,
       'team', team, 'parentId', null, 'industry', null, 'website', null, 'createdAt', ${at},
       'statusChangedAt', ${at}, 'statusReason', null), ${at}, name, 'active', owner, null
     from (select 'bacc-' || i as id, ${company} || case when i % 3 = 0 then '' else ' ' || (i % 977) end as name,
       ${owner} as owner, ${teamMember} as team from generate_series(1, ${n.accounts}) i) s`,
    `insert into contacts (workspace_id, id, version, data, updated_at, account_id, name, email, active)
     select ${ws}, id, 1, jsonb_build_object('id', id, 'accountId', acc, 'name', name, 'email', email, 'phone', null,
       'title', null, 'roles', '[]'::jsonb, 'reportsToId', null, 'sentiment', null, 'status', 'active', 'active', true,
       'lastEngagedAt', null), ${at}, acc, name, email, true
     from (select 'bcon-' || i as id, ${accountOf} as acc, f || ' ' || l as name,
       lower(translate(f || '.' || l, 'éèçøöüáíó''', 'eecoouaio')) || i || '@' || lower(translate(${pick(COMPANY, "m")}, ' ', '-')) || '.test' as email
       from (select i, ${pick(FIRST, "f")} as f, ${pick(LAST, "l")} as l from generate_series(1, ${n.contacts}) i) x) s`,
    `insert into opportunities (workspace_id, id, version, data, updated_at, account_id, owner_id, name, type, pipeline_id,
       stage_id, status, amount_minor, currency, probability, forecast_category, close_date, created_at, stage_entered_at)
     select ${ws}, id, 1, jsonb_build_object('id', id, 'accountId', acc, 'ownerId', owner, 'name', name, 'status', 'open'),
       ${at}, acc, owner, name, 'new_business', 'default', 'discovery', 'open', 1000000, 'EUR', 20, 'pipeline',
       '2027-03-31', ${at}, ${at}
     from (select 'bopp-' || i as id, ${accountOf} as acc, ${owner} as owner,
       ${pick(COMPANY, "c")} || ' ' || ${pick(DEAL, "k")} as name from generate_series(1, ${n.opportunities}) i) s`,
    `insert into contracts (workspace_id, id, version, data, updated_at, account_id, owner_id, title, status, value_minor,
       currency, start_date, end_date)
     select ${ws}, id, 1, jsonb_build_object('id', id, 'accountId', acc, 'ownerId', owner, 'title', title, 'status', 'active'),
       ${at}, acc, owner, title, 'active', 5000000, 'EUR', '2027-01-01', '2027-12-31'
     from (select 'bctr-' || i as id, ${accountOf} as acc, ${owner} as owner,
       ${pick(COMPANY, "c")} || ' ' || ${pick(CONTRACT, "k")} || case when i % 4 = 0 then ' #' || (i % 500) else '' end as title
       from generate_series(1, ${n.contracts}) i) s`,
    `insert into briefs (workspace_id, id, version, data, updated_at, account_id, planner_id, status, deadline)
     select ${ws}, id, 1, jsonb_build_object('id', id, 'accountId', acc, 'title', title, 'plannerId', null, 'status', 'received'),
       ${at}, acc, null, 'received', null
     from (select 'bbrf-' || i as id, ${accountOf} as acc,
       ${pick(BRIEF, "k")} || ' ' || ${pick(COMPANY, "c")} || ' ' || (2026 + i % 3) as title
       from generate_series(1, ${n.briefs}) i) s`,
    `insert into activities (workspace_id, id, version, data, updated_at, account_id, kind, status, at)
     select ${ws}, id, 1, jsonb_build_object('id', id, 'accountId', acc, 'kind', 'note', 'subject', subject,
       'authorId', owner, 'status', 'done'), ${at}, acc, 'note', 'done', ${at}
     from (select 'bnot-' || i as id, ${accountOf} as acc, ${owner} as owner,
       ${pick(NOTE, "k")} || ' (' || ${pick(COMPANY, "c")} || ')' as subject from generate_series(1, ${n.notes}) i) s`,
  ];
}

async function seeded(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query("select 1 from bench_seeded where workspace_id = $1", [BENCH_WORKSPACE]);
    return r.rowCount === 1;
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

/** Opens the search bench database, building it first when it is missing or incomplete. */
export async function openSearchBenchDatabase(
  serverUrl: string,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<{ handle: DatabaseHandle; url: string }> {
  const url = withDatabase(serverUrl, SEARCH_BENCH_DATABASE);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists =
    (await admin.query("select 1 from pg_database where datname = $1", [SEARCH_BENCH_DATABASE])).rowCount ===
    1;
  const complete = exists && (await seeded(url));
  if (exists && !complete) {
    log(`${SEARCH_BENCH_DATABASE} is incomplete (an interrupted build): dropping it`);
    await admin.query(`drop database ${SEARCH_BENCH_DATABASE} with (force)`);
  }
  if (!complete) await admin.query(`create database ${SEARCH_BENCH_DATABASE}`);
  await admin.end();

  const handle = await openDatabase({ kind: "postgres", url, poolSize: 20 });
  if (complete) {
    log(`reusing ${SEARCH_BENCH_DATABASE}`);
    return { handle, url };
  }
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  log(`building ${SEARCH_BENCH_DATABASE}: a small demo, then 1,000,000 records by SQL (kept for later runs)`);
  const service = createService({ db: handle.db });
  const demo = await service.seedDemo({
    workspaceId: BENCH_WORKSPACE,
    seed: 1,
    now: BENCH_NOW,
    opportunities: 60,
  });
  if (!demo.ok) throw new Error(`seeding the demo failed: ${demo.error.message}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const members = (
      await client.query<{ id: string; role: string }>(
        "select id, role from members where workspace_id = $1 order by id",
        [BENCH_WORKSPACE],
      )
    ).rows;
    const owners = members.filter((m) => m.role === "account_executive").map((m) => m.id);
    const delivery = members.filter((m) => m.role === "account_manager");
    for (const statement of statements(owners.length ? owners : [members[0]!.id], delivery)) {
      const r = await client.query(statement);
      log(
        `  ${statement.split(" (")[0]!.replace(/\s+/g, " ")}: ${r.rowCount?.toLocaleString("en")} rows, ${elapsed()}`,
      );
    }
    await client.query("analyze");
    await client.query(
      "create table if not exists bench_seeded (workspace_id text primary key, deals integer)",
    );
    await client.query("insert into bench_seeded values ($1, 0)", [BENCH_WORKSPACE]);
  } finally {
    await client.end();
  }
  log(`built in ${elapsed()}`);
  return { handle, url };
}
