// The command tree. Nothing here touches the database, the domain's schemas or the service: every action
// loads its module with `await import()` when it runs, so `accountable --help` starts as fast as node itself.
import { Argument, Command, InvalidArgumentError, Option } from "commander";
import { AGGREGATE_ALIASES, AGGREGATE_DESCRIPTIONS, AGGREGATE_LISTS, AGGREGATE_NAMES } from "./aggregates.ts";
import { type Ctx, SHELLS, type Shell } from "./context.ts";
import { EXIT_CODES } from "./exit-codes.ts";
import { Refused } from "./failure.ts";
import { type GlobalFlags, resolveGlobals } from "./globals.ts";
import { Output } from "./output.ts";

/** The package's version, written in by the build (tsup.config.ts). */
declare const __CLI_VERSION__: string;

function root(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

/** Runs a handler with its context; a refusal is printed here and becomes the exit code of its category. */
async function run(cmd: Command, handler: (ctx: Ctx) => Promise<void>): Promise<void> {
  const globals = resolveGlobals(cmd.optsWithGlobals<GlobalFlags>());
  const out = new Output(globals.json, globals.color);
  try {
    await handler({ globals, out, program: root(cmd) });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    // One order of fields whichever way the refusal came (the service in this process, or a server's problem,
    // which carries the message apart): the tag, its facts, the sentence.
    const { _tag, message, ...facts } = e.refusal;
    const refusal = { _tag, ...facts, message } as typeof e.refusal;
    out.jsonOnly({ error: refusal });
    out.note(out.errStyle.red(refusal.message));
    process.exitCode = EXIT_CODES[refusal._tag] ?? 1;
  }
}

function examples(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText("after", `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`);
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number.");
  return Number(value);
}

const dryRun = () => new Option("--dry-run", "decide and print the events, write nothing");
const expectVersion = () =>
  new Option("--expect-version <n>", "refuse (exit 5) unless the record is still at this version").argParser(
    integer,
  );

/**
 * A command whose required flag, found missing while a flag it does not know was typed, is reported as that
 * misspelling with the nearest flag: commander checks required flags before unknown ones, so
 * `opp create X --acount acme` read "required option '--account <id>' not specified", naming the flag that was
 * given (misspelt) as the one that was missing.
 */
class CliCommand extends Command {
  override createCommand(name?: string): Command {
    return new CliCommand(name);
  }

  /**
   * A word that is a command of the kinds of record, typed without its kind (`accountable show acme`, `accountable
   * list`): commander's "unknown command" alone left a new user guessing; this says where the word is.
   */
  unknownCommand(): void {
    const word = this.args[0] ?? "";
    const groups = this.parent
      ? []
      : this.commands.filter((group) => group.commands.some((c) => c.name() === word));
    if (groups.length === 0) {
      (Command.prototype as unknown as { unknownCommand(): void }).unknownCommand.call(this);
      return;
    }
    const call = (g: Command) => g.alias() || g.name();
    const rest = this.args.slice(1).join(" ");
    const first = groups.find((g) => g.name() === "opportunity") ?? groups[0]!;
    this.error(
      `error: unknown command '${word}': it follows a kind of record — did you mean: accountable ${call(first)} ${word}${rest ? ` ${rest}` : ""}? (the kinds with '${word}': ${groups.map(call).join(", ")})`,
      { code: "commander.unknownCommand", exitCode: 1 },
    );
  }

  missingMandatoryOptionValue(option: Option): void {
    const known = new Set<string>();
    for (let c: Command | null = this; c; c = c.parent)
      for (const o of c.options) for (const flag of [o.long, o.short]) if (flag) known.add(flag);
    const end = this.args.indexOf("--");
    const typed = (end === -1 ? this.args : this.args.slice(0, end))
      .filter((a) => a.startsWith("--"))
      .map((a) => a.split("=")[0]!);
    const typo = typed.find((a) => !known.has(a));
    // commander's own wording and suggestion ("unknown option '--acount' (Did you mean --account?)"); a
    // command that takes any flag (`list`'s filters) lets it pass, and the missing flag is said as before.
    if (typo) (this as unknown as { unknownOption(flag: string): void }).unknownOption(typo);
    // commander's sentence, then what the flag is for (its help line), so the value to give is said at once.
    this.error(
      `error: required option '${option.flags}' not specified${option.description ? `: ${option.description}` : ""}`,
      { code: "commander.missingMandatoryOptionValue", exitCode: 1 },
    );
  }
}

/** Where commander itself writes (help, usage errors): `batch` gives each line's program its own. */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export function buildProgram(output?: ProgramOutput): Command {
  const program = new CliCommand("accountable")
    .description(
      "The account executive's workbench: accounts, deals, contracts and forecasts from a terminal.",
    )
    .version(typeof __CLI_VERSION__ === "string" ? __CLI_VERSION__ : "0.0.0-dev", "-V, --version")
    .option("--data-dir <dir>", "data folder (default: $ACCOUNTABLE_DATA_DIR or ./.accountable)")
    .option(
      "--workspace <id>",
      "workspace to act in (default: $ACCOUNTABLE_WORKSPACE, else the one `init` created)",
    )
    .option("--as <member>", "member acting (default: the workspace's admin created by `init`)")
    .option("--json", "print results as JSON (stable shapes: the domain's types)")
    .option("--no-color", "no colours (NO_COLOR is honoured too)")
    .option(
      "--api <url>",
      "work through this Accountable server instead of a database (or $ACCOUNTABLE_API_URL)",
    )
    .option("--token <token>", "the personal API token for --api (better: $ACCOUNTABLE_TOKEN)")
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  // Before any command is added: each copies its parent's settings when made.
  if (output) program.configureOutput(output);

  program.addHelpText(
    "after",
    `
Environment:
  DATABASE_URL           use this PostgreSQL server instead of the embedded database
  ACCOUNTABLE_DATA_DIR   data folder when --data-dir is not given
  ACCOUNTABLE_WORKSPACE  the workspace to act in when --workspace is not given
  ACCOUNTABLE_API_URL    a server to work through, as --api
  ACCOUNTABLE_TOKEN      its API token, as --token
  NO_COLOR               no colours

Exit codes: 0 ok, 1 unexpected error, 2 invalid input, 3 not found, 4 not permitted,
5 conflict (stale version, already exists), 6 refused by a rule; import: 7 some rows rejected, 8 every row
rejected. See the README for every refusal.

Examples:
  $ accountable init --name "Northwind Agency" --admin-name "Ada Park" --admin-email ada@northwind.test
  $ accountable account create "Acme GmbH" --id acme
  $ accountable opp create "Acme retainer 2027" --id acme-2027 --account acme --amount "120000 EUR" --close-date 2027-03-31
  $ accountable opp show acme-2027
  $ accountable opp move acme-2027 proposal   # refused (exit 6) until its need and budget are recorded: it says which
  $ accountable machine opportunity --mermaid
  $ accountable serve                      # the API on this data folder; then, from anywhere:
  $ accountable --api http://localhost:3000 --token acct_… opp list
`,
  );

  examples(
    program
      .command("init")
      .description("create a workspace and its first admin (asks on a terminal for what the flags leave out)")
      .option("--workspace-id <id>", "the workspace's id (default: made from its name)")
      .option("--name <name>", "the workspace's name")
      .option("--admin-name <name>", "the first admin's name")
      .option("--admin-email <email>", "the first admin's e-mail")
      .option("--admin-id <id>", "the first admin's member id (default: made from the e-mail)")
      .option("--currency <code>", "the workspace's currency, ISO 4217 (default: EUR)")
      .addOption(dryRun())
      .action((opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/init.ts")).init(ctx, opts)),
      ),
    'accountable init --name "Northwind Agency" --admin-name "Ada Park" --admin-email ada@northwind.test',
    "accountable init --workspace-id nw --name Northwind --admin-name Ada --admin-email ada@nw.test --currency GBP",
    "DATABASE_URL=postgres://localhost/crm accountable init --name Northwind --admin-name Ada --admin-email ada@nw.test",
  );

  examples(
    program
      .command("demo")
      .description("create the demo workspace: two business units, a year of deals, contracts and invoices")
      .option("--workspace-id <id>", "the demo workspace's id", "demo")
      .option("--seed <n>", "any integer: the same seed gives the same demo", integer, 1)
      .option("--deals <n>", "deals in the pipeline history (at least 7)", integer, 400)
      .addOption(dryRun())
      .action((opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/demo.ts")).demo(ctx, opts)),
      ),
    "accountable demo",
    "accountable demo --deals 2000 --seed 7 --workspace-id big-demo",
    "accountable --workspace demo opp list --status open",
  );

  examples(
    program
      .command("batch")
      .description(
        "run many commands in one process, one a line (from a file or stdin): the database boots once",
      )
      .argument("[file]", "the commands, one a line as after `accountable` (default, or -: stdin)")
      .option("--stop-on-error", "run no line after the first that fails")
      .addHelpText(
        "after",
        `
Each line is one command, its words quoted as in a shell ('…', "…", \\) but nothing expanded; or a JSON array
of words (["member", "create", "Jo Park", "--email", "jo@x.test"]). Blank lines and # comments are skipped. The
batch's own options (--data-dir, --workspace, --as, --json…) apply to every line; a line may add its own.
Every line runs (unless --stop-on-error) and ends as it would alone: its output on stdout; its sentences on
stderr as "line N: …", and "line N: exit C" when it failed. With --json, stdout holds one JSON object per
command: {"line", "command", "exit", "result"} or {"line", "command", "exit", "error"}.
Exit code: the first failed line's (0 when every line succeeded); 2 for a line that cannot be read.`,
      )
      .action((file: string | undefined, opts, cmd: Command) =>
        run(cmd, async (ctx) =>
          (await import("./commands/batch.ts")).batch(ctx, file, opts, cmd, buildProgram),
        ),
      ),
    'accountable batch people.txt   # e.g. lines: member create "Jo Park" --email jo@northwind.test',
    "printf 'account create Acme --id acme\\nopp list --account acme\\n' | accountable batch",
    "accountable --json batch commands.txt | jq 'select(.exit != 0)'",
  );

  examples(
    program
      .command("serve")
      .description(
        "run the API (and the web app, when built) on this data folder or DATABASE_URL, until Ctrl-C",
      )
      .option("--port <n>", "the port to listen on (default: $PORT or 3000; 0 picks a free one)", integer)
      .option("--host <host>", "the interface to listen on (default: $HOST or 127.0.0.1; 0.0.0.0 for all)")
      .action((opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/serve.ts")).serve(ctx, opts)),
      ),
    "accountable serve",
    "accountable --data-dir ~/crm serve --port 8080",
    "ACCOUNTABLE_TOKEN=acct_… accountable --api http://localhost:3000 opp list   # from another terminal",
  );

  examples(
    program
      .command("machine")
      .description(
        "print a state machine from the domain's transition table (lists the machines without a name)",
      )
      .argument("[name]", "machine name, e.g. opportunity, contract")
      .option("--mermaid", "as a Mermaid state diagram")
      .option("--no-guards", "leave out the guards of each move")
      .option("--no-loops", "leave out moves that keep the state (Mermaid)")
      .action((name: string | undefined, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/machine.ts")).machine(ctx, name, opts)),
      ),
    "accountable machine",
    "accountable machine opportunity",
    "accountable machine contract --mermaid --no-guards > contract.mmd",
  );

  for (const aggregate of AGGREGATE_NAMES) {
    const group = program.command(aggregate).description(AGGREGATE_DESCRIPTIONS[aggregate]);
    const alias = AGGREGATE_ALIASES[aggregate];
    if (alias) group.alias(alias);
    const call = alias ?? aggregate;

    if (aggregate === "account") addAccountCommands(group);
    if (aggregate === "opportunity") addOpportunityCommands(group);
    if (aggregate === "contact") addContactCommands(group);
    if (aggregate === "task") addTaskCommands(group);
    if (aggregate === "member") addMemberCommands(group);
    if (aggregate === "plan") addPlanCommands(group);
    if (aggregate === "target") addTargetCommands(group);

    const listName = AGGREGATE_LISTS[aggregate];
    if (listName) {
      const listCmd = group
        .command("list")
        .description(`list ${listName}, one page at a time; filters as --kebab-case flags (see --filters)`)
        .option("--sort <field>", "sort by this field (the list's default otherwise)")
        .option("--order <order>", "asc or desc")
        .option("--limit <n>", "items per page")
        .option("--cursor <cursor>", "the page after the one that printed this cursor")
        .option("--filters", "list the filters this list accepts")
        .allowUnknownOption()
        .allowExcessArguments();
      if (aggregate === "opportunity")
        listCmd
          .option("--stage <stage>", "in this stage (or several: proposal,negotiation)")
          .option(
            "--owner <member>",
            "owned by this member, or several (comma-separated): a name, e-mail or id",
          )
          .option("--account <account>", "for this account: its name or id (or several)")
          .option("--status <status>", "open, won or lost (or several)")
          .option("--type <type>", "new_business, renewal or upsell");
      examples(
        listCmd.action((opts, cmd: Command) =>
          run(cmd, async (ctx) =>
            (await import("./commands/list.ts")).list(ctx, aggregate, listName, opts, cmd.args),
          ),
        ),
        ...(aggregate === "opportunity"
          ? [
              "accountable opp list   # open deals first, soonest close first; then the closed ones, latest first",
              "accountable opp list --stage proposal,negotiation --owner ada --limit 20",
              "accountable opp list --status open --sort amount --order desc --json | jq '.items[].id'",
              "accountable opp list --close-date-to 2026-12-31 --cursor <cursor printed by the previous page>",
            ]
          : [
              `accountable ${call} list`,
              `accountable ${call} list --filters`,
              `accountable ${call} list --limit 10 --json`,
            ]),
      );
    }

    examples(
      group
        .command("show")
        .description(`show one ${aggregate}: its state and version`)
        .argument("<id>")
        .option("--as-of <when>", "as it stood then (ISO timestamp, or a date for the end of that day)")
        .action((id: string, opts, cmd: Command) =>
          run(cmd, async (ctx) => (await import("./commands/resource.ts")).show(ctx, aggregate, id, opts)),
        ),
      `accountable ${call} show <id>`,
      `accountable ${call} show <id> --json | jq .state.status`,
      `accountable ${call} show <id> --as-of 2026-06-30`,
    );

    examples(
      group
        .command("history")
        .description(`the ${aggregate}'s events, oldest first: what happened, when, by whom and why`)
        .argument("<id>")
        .option(
          "--as-of <when>",
          "only the events up to then (ISO timestamp, or a date for the end of that day)",
        )
        .action((id: string, opts, cmd: Command) =>
          run(cmd, async (ctx) => (await import("./commands/resource.ts")).history(ctx, aggregate, id, opts)),
        ),
      `accountable ${call} history <id>`,
      `accountable ${call} history <id> --json | jq '.items[] | {version, type, actorId, reason}'`,
    );

    examples(
      group
        .command("do")
        .description(`run any ${aggregate} command: fields as --kebab-case flags or --data JSON`)
        .argument("<id>", `the ${aggregate}'s id`)
        .argument("<command>", `the command, e.g. one listed by \`accountable ${call} commands\``)
        .option("--data <json>", "the command's fields as a JSON object (flags override them)")
        .option("--reason <text>", "why, kept with the events (and the command's reason field if it has one)")
        .addOption(expectVersion())
        .addOption(dryRun())
        .allowUnknownOption()
        .allowExcessArguments()
        .action((id: string, command: string, opts, cmd: Command) =>
          run(cmd, async (ctx) =>
            (await import("./commands/resource.ts")).doCommand(
              ctx,
              aggregate,
              id,
              command,
              opts,
              cmd.args.slice(2),
            ),
          ),
        ),
      ...doExamples(call, aggregate),
    );

    examples(
      group
        .command("commands")
        .description(
          `list the commands ${/^[aeiou]/.test(aggregate) ? "an" : "a"} ${aggregate} accepts, with their fields`,
        )
        .action((_opts, cmd: Command) =>
          run(cmd, async (ctx) => (await import("./commands/resource.ts")).listCommands(ctx, aggregate)),
        ),
      `accountable ${call} commands`,
      `accountable ${call} commands --json | jq '.[].type'`,
    );
  }

  examples(
    program
      .command("history")
      .description(
        "a record's events, oldest first, whatever its kind: what happened, when, by whom and why (as `<kind> history`)",
      )
      .argument("<id>", "the record's id (or an account's, a deal's, a contact's or a member's name)")
      .option(
        "--as-of <when>",
        "only the events up to then (ISO timestamp, or a date for the end of that day)",
      )
      .action((id: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/resource.ts")).history(ctx, undefined, id, opts)),
      ),
    "accountable history acme-2027",
    'accountable history "Zoë Café"',
    "accountable history acme-msa --json | jq '.items[] | {version, type}'",
  );

  examples(
    program
      .command("import")
      .description(
        "import accounts, contacts or deals from a CSV: every row ends imported, rejected (with its reason) or skipped",
      )
      .argument("[file]", "the CSV file (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252)")
      .option(
        "--kind <kind>",
        "what each row is: account, contact, opportunity (default), member, or by-column (a column says)",
      )
      .option(
        "--fields",
        "list every field a column may be mapped to, with what it holds (for --kind, or all)",
      )
      .option("--preset <crm>", "column names of a CRM's export: salesforce, hubspot or pipedrive")
      .option(
        "--map <column=field...>",
        'map a column to a field ("Deal Value=amount"; "Notes=" ignores a column)',
      )
      .option("--stage-map <label=stage...>", 'map stage names to stage ids ("Engaging=discovery")')
      .option(
        "--source <name>",
        "where the rows come from; rerunning a source skips what it imported (default: the preset, or csv)",
      )
      .option(
        "--rejects <file>",
        "where to write the rejected rows (default: beside the file, its name with .rejects.csv for .csv: deals.csv → deals.rejects.csv; only if any)",
      )
      .option("--delimiter <char>", "the separator, if guessing from the header is not enough (tab for tabs)")
      .option(
        "--encoding <name>",
        "the file's encoding, if detecting it (byte-order mark, UTF-8 or not) is not enough: utf-8, utf-16le, utf-16be or windows-1252",
      )
      .option(
        "--currency <code>",
        "the ISO 4217 currency of amounts in rows without a currency column (a column wins); without it, a workspace with one currency reads them in it and says so, one with several rejects them",
      )
      .option(
        "--date-format <order>",
        "how the file writes a date with numbers, year last (3/1/2017): DD/MM/YYYY or MM/DD/YYYY; without it, one of the file's dates must show the order (a day above 12), else the file is refused",
      )
      .option(
        "--decimal <mark>",
        "the file's decimal mark: . (12,000.50) or , (12.000,50); without it, a ;-separated file's amounts are read with a comma (as European spreadsheets write them), any other file's with a point",
      )
      .option(
        "--create-owners",
        "make an owner named by a name no member has a member (with a placeholder e-mail, listed), instead of rejecting the row",
      )
      .option(
        "--owner-role <role>",
        "the role of the members --create-owners makes (default account_executive)",
      )
      .option("--batch-size <n>", "rows per transaction (default 5000)", integer)
      .addOption(
        new Option(
          "--dry-run",
          "run every check of the real import (the same path, rolled back) and report its counts; keep nothing",
        ),
      )
      .action((file: string | undefined, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/import.ts")).importCsv(ctx, file, opts)),
      ),
    "accountable import deals.csv --preset salesforce",
    'accountable import export.csv --map "Deal=name" --map "Client=accountName" --map "Value=amount" --map "Due=closeDate" --stage-map "Engaging=discovery"',
    "accountable import companies.csv --kind account --preset hubspot --json | jq '{read, imported, rejected, skipped}'",
    "accountable import --fields --kind opportunity",
  );

  addReportCommands(program);

  examples(
    program
      .command("sweep")
      .description(
        "apply the time-driven rules due now: contract activation, notice windows, tacit renewals, expiries, overdue invoices, SLA breaches",
      )
      .option("--at <when>", "sweep as of this moment (a date means its start, UTC) instead of now")
      .action((opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/sweep.ts")).sweep(ctx, opts)),
      ),
    "accountable sweep",
    "accountable sweep --at 2026-12-01",
    "accountable sweep --json | jq '.contracts.applied[] | {id, type: .command.type, because}'",
  );

  examples(
    program
      .command("search")
      .description(
        "find accounts, contacts, deals, contracts, briefs and notes by name, e-mail, id or subject (typos forgiven, best first)",
      )
      .argument("<text...>", "what to look for (two characters at least)")
      .option(
        "--kind <kinds...>",
        "only these kinds: account, contact, opportunity, contract, brief, note (comma-separated or repeated)",
      )
      .option("--limit <n>", "how many hits at most (1 to 50; default 20)")
      .action((text: string[], opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/search.ts")).search(ctx, text, opts)),
      ),
    "accountable search acme corp",
    "accountable search jon --kind contact --json | jq -r '.hits[] | .detail'",
  );

  const inbox = examples(
    program
      .command("inbox")
      .description(
        "what waits on you: approvals, escalations, tasks, stale deals, notice deadlines (overdue first)",
      )
      .option("--unread", "only the items you have not read")
      .action((opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/inbox.ts")).showInbox(ctx, opts)),
      ),
    "accountable inbox",
    "accountable inbox --unread --json | jq -r '.items[].title'",
  );
  for (const [name, unread] of [
    ["read", false],
    ["unread", true],
  ] as const)
    examples(
      inbox
        .command(name)
        .description(
          unread
            ? "mark inbox items unread again (their keys, from --json), or all of them"
            : "mark inbox items read (their keys, from --json), or all of them",
        )
        .argument("[keys...]", "the items' keys")
        .option("--all", "every item in your inbox now")
        .action((keys: string[], opts, cmd: Command) =>
          run(cmd, async (ctx) =>
            (await import("./commands/inbox.ts")).markInbox(ctx, keys, { ...opts, unread }),
          ),
        ),
      `accountable inbox ${name} --all`,
      `accountable inbox ${name} 'task:t1:2027-01-20:ada'`,
    );

  const calendar = program
    .command("calendar")
    .description(
      "your calendar feed: a secret URL your calendar app subscribes to (tasks, deadlines, meetings, renewals)",
    );
  for (const [action, description] of [
    ["create", "create your feed's URL, or rotate it (the old one stops working); shown once"],
    ["status", "whether you have a feed, and since when"],
    ["stop", "stop your feed: its URL no longer answers"],
  ] as const)
    examples(
      (action === "create"
        ? calendar
            .command(action)
            .addOption(
              new Option("--dry-run", "say whether it would create or rotate the URL, change nothing"),
            )
        : calendar.command(action)
      )
        .description(description)
        .action((opts: { dryRun?: boolean }, cmd: Command) =>
          run(cmd, async (ctx) =>
            (await import("./commands/calendar.ts")).calendarFeed(ctx, action, opts.dryRun ?? false),
          ),
        ),
      `accountable calendar ${action}`,
      ...(action === "create" ? ["accountable calendar create --json | jq -r .url"] : []),
    );

  examples(
    program
      .command("export")
      .description(
        "write every row of a list as CSV for a spreadsheet (names beside ids, days, money and its currency), as CSV `import` reads back (--format import), JSON or JSON lines; filters as in `<aggregate> list`",
      )
      .argument(
        "<list>",
        "accounts, contacts, opportunities (opp), contracts, activities, tasks, escalations, briefs, invoices, costs, quotas, members",
      )
      .option(
        "--format <format>",
        "csv (readable), import (the CSV `accountable import` reads back: ids, JSON cells, ISO moments), json or jsonl (default: from --out's extension, else csv)",
      )
      .option("--out <file>", "write to this file instead of stdout")
      .option("--sort <field>", "sort by this field (the list's default otherwise)")
      .option("--order <order>", "asc or desc")
      .option("--stage <stage>", "deals in this stage (or several: proposal,negotiation)")
      .option("--owner <member>", "deals owned by this member (or several)")
      .option("--account <account>", "rows of this account: its name or id (or several)")
      .option("--status <status>", "in this status (or several)")
      .option("--type <type>", "deals of this type")
      .allowUnknownOption()
      .allowExcessArguments()
      .action((list: string, opts, cmd: Command) =>
        run(cmd, async (ctx) =>
          (await import("./commands/export.ts")).exportList(ctx, list, opts, cmd.args.slice(1)),
        ),
      ),
    "accountable export opportunities --out deals.csv",
    "accountable export opp --status open --format json | jq 'length'",
    "accountable export contracts --status active,expiring --format jsonl > contracts.jsonl",
    "accountable export opp --format import --out deals.csv",
    "accountable --workspace other import deals.csv     # a --format import file imports as it is",
  );

  examples(
    program
      .command("completion")
      .description("print a completion script for bash, zsh or fish")
      .addArgument(new Argument("<shell>", "the shell").choices(SHELLS))
      .action((shell: Shell, _opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/completion.ts")).completion(ctx, shell)),
      ),
    "accountable completion bash > /etc/bash_completion.d/accountable",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, printed as is
    'accountable completion zsh > "${fpath[1]}/_accountable"',
    "accountable completion fish > ~/.config/fish/completions/accountable.fish",
  );

  return program;
}

function doExamples(call: string, aggregate: string): string[] {
  switch (aggregate) {
    case "opportunity":
      return [
        `accountable ${call} do acme-2027 RecordNeed --need "a new brand platform"`,
        `accountable ${call} do acme-2027 SetBudget --budget "90000 EUR" --dry-run`,
        `accountable ${call} do acme-2027 MoveStage --stage-id proposal --reason "budget confirmed" --expect-version 3`,
      ];
    case "account":
      return [
        `accountable ${call} do acme UpdateAccount --industry Retail --website https://acme.test`,
        `accountable ${call} do acme FlagAtRisk --reason "two escalations this month"`,
        `accountable ${call} do acme AddTeamMember --data '{"memberId":"bo","role":"account_manager"}'`,
      ];
    default:
      return [
        `accountable ${call} commands`,
        `accountable ${call} do <id> <Command> --some-field value --dry-run`,
        `accountable ${call} do <id> <Command> --data '{"someField":"value"}' --json`,
      ];
  }
}

function addAccountCommands(group: Command): void {
  examples(
    group
      .command("create")
      .description("create an account")
      .argument("<name>", "the client's name")
      .option("--id <id>", "the account's id (default: made from the name)")
      .option(
        "--owner <member>",
        "the account executive who owns it: a name, e-mail or id, or 'me' (default: you, if you are an account executive or the workspace has none; anyone else is asked to name the owner)",
      )
      .option("--industry <text>")
      .option("--website <url>")
      .option("--parent <account>", "the parent account: its name or id")
      .option("--employees <n>", "how many people the client employs")
      .option(
        "--revenue <amount>",
        "the client's annual revenue, \"250000000 EUR\" (default currency: the workspace's)",
      )
      .option("--region <text>", "the region or office that covers the client")
      .option("--allow-duplicate", "add it even though an account of the same name exists")
      .addOption(dryRun())
      .action((name: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/account.ts")).createAccount(ctx, name, opts)),
      ),
    'accountable account create "Acme GmbH"',
    'accountable account create "Acme GmbH" --id acme --owner ada --industry Retail',
    'accountable account create "Acme GmbH" --employees 1200 --revenue "250000000 EUR" --region EMEA',
    'accountable account create "Acme GmbH" --json | jq -r .id',
  );

  examples(
    group
      .command("update")
      .description(
        "change an account's details (UpdateAccount) or owner (ChangeOwner); an empty value clears a field",
      )
      .argument("<id>", "the account's id")
      .option("--name <name>")
      .option("--industry <text>")
      .option("--website <url>")
      .option("--parent <account>", "the parent account: its name or id")
      .option("--employees <n>", "how many people the client employs")
      .option(
        "--revenue <amount>",
        "the client's annual revenue, \"250000000 EUR\" (default currency: the workspace's)",
      )
      .option("--region <text>", "the region or office that covers the client")
      .option("--owner <member>", "hand the account to this member (a name, e-mail or id)")
      .addOption(expectVersion())
      .addOption(dryRun())
      .action((id: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/account.ts")).updateAccount(ctx, id, opts)),
      ),
    "accountable account update acme --industry Retail --website https://acme.test",
    'accountable account update acme --website ""          # clears the website',
    "accountable account update acme --owner bo --dry-run",
  );
}

function addContactCommands(group: Command): void {
  const details = (cmd: Command) =>
    cmd
      .option("--email <email>")
      .option("--phone <phone>")
      .option("--title <title>", "their job title")
      .option(
        "--role <role...>",
        "decision_maker, champion, signer, billing, influencer (repeat or comma-separate)",
      )
      .option("--reports-to <contact>", "the contact they report to: their name, e-mail or id")
      .option("--sentiment <s>", "supporter, neutral or detractor");
  examples(
    details(
      group
        .command("create")
        .description("add a person at the client (AddContact)")
        .argument("<name>", "their name")
        .requiredOption("--account <account>", "the account they work for: its name or id")
        .option("--id <id>", "the contact's id (default: made from the name)"),
    )
      .addOption(dryRun())
      .action((name: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/contact.ts")).createContact(ctx, name, opts)),
      ),
    'accountable contact create "Dana Roe" --account acme --email dana@acme.test --role decision_maker',
    'accountable contact create "Lee Poe" --account acme --title CFO --role signer,billing --json | jq -r .id',
  );
  examples(
    details(
      group
        .command("update")
        .description(
          "change a contact's details (UpdateContact); --role replaces their roles (SetContactRoles)",
        )
        .argument("<id>", "the contact's id")
        .option("--name <name>"),
    )
      .addOption(expectVersion())
      .addOption(dryRun())
      .action((id: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/contact.ts")).updateContact(ctx, id, opts)),
      ),
    "accountable contact update dana-roe-x2k9 --title COO --sentiment supporter",
    "accountable contact update dana-roe-x2k9 --role decision_maker,champion",
  );
}

function addMemberCommands(group: Command): void {
  examples(
    group
      .command("create")
      .description("add a person of the agency (AddMember); many at once: `import people.csv --kind member`")
      .argument("<name>", "their name")
      .requiredOption("--email <email>", "the e-mail they sign in with")
      .option("--role <role>", "their role (default: account_executive)")
      .option("--manager <member>", "the person they report to: a name, e-mail or id")
      .option("--id <id>", "the member's id (default: the e-mail's local part)")
      .addOption(dryRun())
      .action((name: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/member.ts")).createMember(ctx, name, opts)),
      ),
    'accountable member create "Jane Doe" --email jane@northwind.test',
    'accountable member create "Bo Chen" --email bo@northwind.test --role supervisor --manager ada',
    "accountable import people.csv --kind member   # name, email, role, manager columns",
  );
}

function addPlanCommands(group: Command): void {
  examples(
    group
      .command("whitespace")
      .description(
        "an account's whitespace: each service line bought, in pipeline or not offered, with the revenue at stake",
      )
      .argument("<account>", "the account: its name or id")
      .option("--currency <code>", "the report's currency (default: the workspace's)")
      .option("--rate <from/to=rate...>", 'exchange rates into it, e.g. "USD/EUR=0.92"')
      .action((account: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/report.ts")).whitespace(ctx, account, opts)),
      ),
    "accountable plan whitespace acme",
    "accountable plan whitespace acme --json | jq '.lines[] | select(.state == \"not_offered\")'",
    "accountable plan whitespace acme --currency USD --rate EUR/USD=1.08",
  );
}

function addTargetCommands(group: Command): void {
  examples(
    group
      .command("funnel")
      .description(
        "a target list's funnel (target → first meeting → opportunity → won: counts, conversion, days between steps) and each member's step and fit",
      )
      .argument("<list>", "the target list's id")
      .action((list: string, _opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/target.ts")).funnel(ctx, list)),
      ),
    "accountable target funnel tl-agency-new-clients",
    "accountable target funnel tl-agency-new-clients --json | jq '.members[] | select(.fit.score < 60)'",
  );
  examples(
    group
      .command("add-matching")
      .description(
        "add to a target list every prospect or former client its criteria match (AddTargets, source criteria)",
      )
      .argument("<list>", "the target list's id")
      .addOption(new Option("--dry-run", "only say which accounts would be added, write nothing"))
      .action((list: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/target.ts")).addMatching(ctx, list, opts)),
      ),
    "accountable target add-matching tl-agency-new-clients --dry-run",
    "accountable target add-matching tl-agency-new-clients",
  );
  examples(
    group
      .command("import")
      .description(
        "add the accounts a CSV file names (by name or id) to a target list (AddTargets, source import); every row added, skipped (on the list, named twice, or a client already: a list hunts new customers) or rejected with why",
      )
      .argument("<list>", "the target list's id")
      .argument(
        "<file>",
        "a CSV file with a column naming the accounts (Account, Company, Name… or --column)",
      )
      .option("--column <header>", "the column that names the accounts")
      .addOption(new Option("--dry-run", "say what would be added, write nothing"))
      .action((list: string, file: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => {
          process.exitCode = await (await import("./commands/target.ts")).importTargets(
            ctx,
            list,
            file,
            opts,
          );
        }),
      ),
    "accountable target import tl-agency-new-clients prospects.csv --dry-run",
    'accountable target import tl-agency-new-clients trade-fair-leads.csv --column "Company name"',
  );
}

function addTaskCommands(group: Command): void {
  examples(
    group
      .command("create")
      .description("create a to-do (CreateTask), assigned to the acting member unless --assignee says")
      .argument("<title>")
      .requiredOption("--due <date>", "due date, YYYY-MM-DD")
      .option("--assignee <member>", "who does it: a name, e-mail or id (default: the acting member)")
      .option("--account <account>", "the account it is for: its name or id")
      .option("--agreed-with-client", "agreed with the client: it shows in the client report's next steps")
      .option("--id <id>", "the task's id (default: made from the title)")
      .addOption(dryRun())
      .action((title: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/task.ts")).createTask(ctx, title, opts)),
      ),
    'accountable task create "Send the Q3 report" --due 2026-10-05 --account acme --agreed-with-client',
    'accountable task create "Prepare renewal" --due 2026-12-01 --assignee bo',
  );
}

function addOpportunityCommands(group: Command): void {
  examples(
    group
      .command("create")
      .description("create an opportunity (in its pipeline's first stage unless --stage says otherwise)")
      .argument("<name>", "the deal's name")
      .requiredOption("--account <account>", "the account it is for: its name or id")
      .option(
        "--amount <money>",
        'its value: "120000", "120000.50 EUR" (default currency: the workspace\'s); leave it out for no amount yet, where the stage allows (the default pipeline asks from discovery on)',
      )
      .option(
        "--close-date <date>",
        "expected close, YYYY-MM-DD; leave it out for none yet, where the stage allows",
      )
      .option("--id <id>", "the opportunity's id (default: made from the name)")
      .option("--type <type>", "new_business, renewal or upsell", "new_business")
      .option("--stage <stage>", "the stage to start in")
      .option("--owner <member>", "who owns it: a name, e-mail or id (default: the acting member)")
      .option("--need <text...>", "client needs, one per value")
      .option("--budget <money>", "the client's budget")
      .addOption(dryRun())
      .action((name: string, opts, cmd: Command) =>
        run(cmd, async (ctx) =>
          (await import("./commands/opportunity.ts")).createOpportunity(ctx, name, opts),
        ),
      ),
    'accountable opp create "Acme retainer 2027" --account acme --amount "120000 EUR" --close-date 2027-03-31',
    'accountable opp create "Acme upsell" --account acme --amount 15000 --close-date 2026-12-15 --type upsell --need "SEO"',
    'accountable opp create "Globex intro" --account globex   # a prospect: no amount or close date yet',
  );

  examples(
    group
      .command("move")
      .description("move a deal to a stage: a stage move, a win, a loss or a reopening, as the stage implies")
      .argument("<id>", "the opportunity's id")
      .argument("<stage>", "the stage id, e.g. discovery, proposal, closed_won, closed_lost")
      .option("--reason <text>", "why (a loss reason, why a deal reopens or moves back)")
      .addOption(expectVersion())
      .addOption(dryRun())
      .action((id: string, stage: string, opts, cmd: Command) =>
        run(cmd, async (ctx) =>
          (await import("./commands/opportunity.ts")).moveOpportunity(ctx, id, stage, opts),
        ),
      ),
    'accountable opp move acme-2027 proposal --reason "budget confirmed"',
    'accountable opp move acme-2027 closed_lost --reason "went with an in-house team"',
    "accountable opp move acme-2027 negotiation --dry-run --json | jq '.events[].type'",
  );

  examples(
    group
      .command("update")
      .description("change a deal's name, amount, close date, owner or type (UpdateDetails)")
      .argument("<id>", "the opportunity's id")
      .option("--name <name>")
      .option(
        "--amount <money>",
        'its value: "120000", "120000.50 EUR"; "none": no amount yet (where the stage allows)',
      )
      .option(
        "--close-date <date>",
        'expected close, YYYY-MM-DD; "none": no close date yet (where the stage allows)',
      )
      .option("--owner <member>")
      .option("--type <type>", "new_business, renewal or upsell")
      .addOption(expectVersion())
      .addOption(dryRun())
      .action((id: string, opts, cmd: Command) =>
        run(cmd, async (ctx) => (await import("./commands/opportunity.ts")).updateOpportunity(ctx, id, opts)),
      ),
    'accountable opp update acme-2027 --amount "135000 EUR" --close-date 2027-04-30',
    "accountable opp update acme-2027 --owner bo --expect-version 4",
  );
}

const currencyOptions = (cmd: Command) =>
  cmd
    .option("--currency <code>", "report in this currency (default: the workspace's)")
    .option(
      "--rate <FROM/TO=rate...>",
      'an exchange rate for other currencies, e.g. "USD/EUR=0.92" (repeatable)',
    );

function addReportCommands(program: Command): void {
  const report = program
    .command("report")
    .description("reports: pipeline, forecast, quota, metrics, renewals, stale, health, pnl, client");
  const load = () => import("./commands/report.ts");

  examples(
    report
      .command("pipeline")
      .description("per pipeline and stage: deals, total and weighted total per currency, days in stage")
      .option("--pipeline <id>", "one pipeline (default: all)")
      .option("--owner <member>", "only this owner's deals: a name, e-mail or id")
      .option("--as-of <when>", "as it stood then (a date means the end of that day)")
      .action((opts, cmd: Command) =>
        run(cmd, async (ctx) => void (await (await load()).pipeline(ctx, opts))),
      ),
    "accountable report pipeline",
    "accountable report pipeline --owner ada --as-of 2026-06-30",
    "accountable report pipeline --json | jq '.pipelines[].stages[] | {stage: .stage.id, count}'",
  );

  examples(
    currencyOptions(
      report
        .command("forecast")
        .description(
          "the forecast of a period by category (commit, best case…), or by owner; now or as of a date",
        )
        .option("--period <period...>", "2026-Q4, 2026-11 or 2026 (repeat for several)")
        .option("--by <what>", "owner or category (default: category)")
        .option("--as-of <when>", "the forecast as it stood then")
        .option("--deals", "list the deals behind each period, a page at a time (in id order)")
        .option("--deals-limit <n>", "deals per page, 1 to 1000 (default 100)", integer)
        .option("--deals-after <id>", "the page of deals after this deal id (the previous page says it)"),
    ).action((opts, cmd: Command) =>
      run(cmd, async (ctx) => void (await (await load()).forecast(ctx, opts))),
    ),
    "accountable report forecast --period 2026-Q4",
    "accountable report forecast --period 2026-Q4 --by owner --as-of 2026-10-01",
    "accountable report forecast --period 2026-Q4 --json | jq '.forecast.periods[0].total.rollups'",
    "accountable report forecast --period 2026-Q4 --deals --deals-limit 50",
  );

  examples(
    currencyOptions(
      report
        .command("quota")
        .description("quota attainment of a period: each quota against the deals its member won")
        .requiredOption("--period <period>", "the quotas' period, e.g. 2026-Q4")
        .option("--member <member...>", "only these members: names, e-mails or ids")
        .option("--deals", "list the deals won behind each quota, a page at a time (in id order)")
        .option("--deals-limit <n>", "deals per page, 1 to 1000 (default 100)", integer)
        .option("--deals-after <id>", "the page of deals after this deal id (the previous page says it)"),
    ).action((opts, cmd: Command) => run(cmd, async (ctx) => void (await (await load()).quota(ctx, opts)))),
    "accountable report quota --period 2026-Q4",
    "accountable report quota --period 2026 --json | jq '.attainments[] | {memberId, attainmentBasisPoints}'",
    "accountable report quota --period 2026-Q4 --member ada --deals --deals-limit 50",
  );

  examples(
    currencyOptions(
      report
        .command("metrics")
        .description(
          "sales metrics over the last periods: win rate by count and value, deal size, won cycle, velocity, stage conversion and time in stage",
        )
        .option("--per <period>", "month, quarter or year (default: quarter)")
        .option("--last <n>", "how many periods, ending with the current one (default 4)", integer)
        .option("--by <what>", "one table per owner, team, type, source or serviceLine")
        .option("--owner <member...>", "only these owners' deals: names, e-mails or ids")
        .option("--type <type...>", "only deals of these types (new_business, renewal, upsell)")
        .option("--source <source>", "only deals from this lead source")
        .option("--service-line <line>", "only deals of this service line")
        .option("--as-of <when>", "the metrics as they stood then")
        .option(
          "--stages",
          "also the stage conversion and time in stage, over the whole span and per period",
        ),
    ).action((opts, cmd: Command) => run(cmd, async (ctx) => void (await (await load()).metrics(ctx, opts)))),
    "accountable report metrics",
    "accountable report metrics --per month --last 12 --by owner",
    "accountable report metrics --per year --last 3 --stages --as-of 2026-06-30",
    "accountable report metrics --json | jq '.metrics.all.trend[] | {period: .period.label, win: .figures.winRateBasisPoints}'",
  );

  examples(
    report
      .command("renewals")
      .description(
        "renewals due: notice deadlines, notice windows, tacit renewals and reminders in a range of days",
      )
      .option("--days <n>", "from today, this many days (default 90)", integer)
      .option("--from <date>", "first day of the range (default: today)")
      .option("--to <date>", "last day of the range")
      .option("--account <account>", "only this account's contracts: its name or id")
      .option("--owner <member>", "only this owner's contracts: a name, e-mail or id")
      .action((opts, cmd: Command) =>
        run(cmd, async (ctx) => void (await (await load()).renewals(ctx, opts))),
      ),
    "accountable report renewals",
    "accountable report renewals --days 30 --owner ada",
    "accountable report renewals --from 2027-01-01 --to 2027-03-31 --json | jq -r '.contracts[].contract.id'",
  );

  examples(
    report
      .command("stale")
      .description("open deals rotting in their stage, and those a planned activity spares")
      .option("--owner <member>", "only this owner's deals: a name, e-mail or id")
      .option("--pipeline <id>", "only this pipeline")
      .option("--at <when>", "judge at this moment instead of now")
      .action((opts, cmd: Command) => run(cmd, async (ctx) => void (await (await load()).stale(ctx, opts)))),
    "accountable report stale",
    "accountable report stale --owner ada --json | jq '.stale | length'",
  );

  examples(
    currencyOptions(
      report
        .command("health")
        .description("account health, worst first; with an account, every factor behind its score")
        .argument("[account]", "one account: its name or id")
        .option("--owner <member>", "only this owner's accounts: a name, e-mail or id")
        .option("--band <band>", "healthy, at_risk or critical (or several)")
        .option("--status <status>", "accounts in this status (default: all but archived and churned)")
        .option("--at <when>", "judge at this moment instead of now"),
    ).action((account: string | undefined, opts, cmd: Command) =>
      run(cmd, async (ctx) => void (await (await load()).health(ctx, account, opts))),
    ),
    "accountable report health",
    "accountable report health --band critical,at_risk",
    "accountable report health acme --json | jq '.accounts[0].health.factors[] | {signal, pointsLost}'",
  );

  examples(
    currencyOptions(
      report
        .command("pnl")
        .description(
          "P&L per account (all, or one with its contracts), per contract and its towers, or per tower",
        )
        .option("--account <account>", "one account (its name or id), with each of its contracts")
        .option("--contract <id>", "one contract, with each of its towers")
        .option("--tower <id>", "one tower (of the contract that holds it)")
        .option("--period <period>", "only the invoices issued and costs dated in this period"),
    ).action((opts, cmd: Command) => run(cmd, async (ctx) => void (await (await load()).pnl(ctx, opts)))),
    "accountable report pnl",
    "accountable report pnl --account acme --period 2026-Q3",
    "accountable report pnl --contract acme-msa --json | jq '.contracts[0].towers[] | {name, margin: .actual.margin}'",
  );

  examples(
    currencyOptions(
      report
        .command("client")
        .description(
          "the client report an AE sends for a period: activities and meetings, deliverables, contracts, budget and burn, invoices, next steps",
        )
        .argument("<account>", "the account: its name or id")
        .requiredOption("--period <period>", "2026-Q3, 2026-09 or 2026")
        .option("--format <format>", "md or html (a standalone page with a print stylesheet)", "md")
        .option("--out <file>", "write it to this file instead of stdout"),
    ).action((account: string, opts, cmd: Command) =>
      run(cmd, async (ctx) => (await load()).client(ctx, account, opts)),
    ),
    "accountable report client acme --period 2026-Q3",
    "accountable report client acme --period 2026-Q3 --format html --out acme-q3.html",
    "accountable report client acme --period 2026-Q3 --json | jq '.invoices.overdueTotal'",
  );
}
