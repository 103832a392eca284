import { describe, expect, it } from "vitest";
import { defaultWorkspaceSettings } from "../entities/settings.ts";
import { asId } from "../kernel/ids.ts";
import type { Result } from "../kernel/result.ts";
import { accountByNameCommand, createAccountCommand, readAccountRow } from "./account-row.ts";
import { addContactCommand, readContactRow } from "./contact-row.ts";
import {
  type ImportFacts,
  type ImportRow,
  importRowContent,
  memberDirectory,
  normalizeName,
  type RowIssue,
  readImportRow,
  withArticle,
} from "./import-row.ts";
import { addMemberCommand, placeholderEmail, readMemberRow } from "./member-row.ts";
import { opportunityRowCommands, readOpportunityRow } from "./opportunity-row.ts";

const facts: ImportFacts = {
  settings: defaultWorkspaceSettings("EUR"),
  members: memberDirectory([
    { id: asId.member("m-ae"), name: "Ann Ézé", email: "Ann.AE@agency.test", active: true },
    { id: asId.member("m-gone"), name: "Gus Gone", email: "gone@agency.test", active: false },
    { id: asId.member("m-kim1"), name: "Kim Lee", email: "kim.lee@agency.test", active: true },
    { id: asId.member("m-kim2"), name: "Kim  LEE", email: "kim.lee2@agency.test", active: true },
  ]),
  importerId: asId.member("m-admin"),
};

function row(input: Record<string, unknown>): ImportRow {
  const r = readImportRow(input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

function issues<T>(r: Result<T, RowIssue[]>): RowIssue[] {
  if (r.ok) throw new Error(`expected issues, got ${JSON.stringify(r.value)}`);
  return r.error;
}

function value<T>(r: Result<T, RowIssue[]>): T {
  if (!r.ok) throw new Error(`expected a value, got ${JSON.stringify(r.error)}`);
  return r.value;
}

const deal = (cells: Record<string, unknown> = {}, with_: Partial<ImportFacts> = {}) => {
  const r = row({
    kind: "opportunity",
    name: "Acme 2027 retainer",
    accountName: "Acme",
    amount: "12,000.50",
    closeDate: "2027-03-31",
    ...cells,
  });
  if (r.kind !== "opportunity") throw new Error("not a deal row");
  return readOpportunityRow(r, { ...facts, ...with_ });
};

describe("readImportRow", () => {
  it("trims cells and drops blank ones", () => {
    expect(row({ kind: "account", name: "  Acme  ", owner: "", industry: null })).toEqual({
      kind: "account",
      name: "Acme",
    });
  });

  it("names the kinds a row may be when the kind is missing or unknown", () => {
    expect(readImportRow({ name: "Acme" })).toEqual({
      ok: false,
      error: [
        {
          field: "kind",
          message: "the kind of row is missing: it must be account, contact, opportunity or member",
        },
      ],
    });
    expect(issues(readImportRow({ kind: "lead" }))[0]?.message).toContain('"lead"');
  });

  it("refuses a field it does not know, instead of dropping its value", () => {
    const found = issues(readImportRow({ kind: "opportunity", probabilty: "40" }));
    expect(found).toEqual([{ field: "probabilty", message: expect.stringContaining("has no field") }]);
  });

  it("reads two rows that differ only in spacing, blanks and column order as the same content", () => {
    const a = row({ kind: "account", name: "Acme", owner: "" });
    const b = row({ owner: undefined, name: " Acme ", kind: "account" });
    expect(importRowContent(a)).toBe(importRowContent(b));
    expect(importRowContent(a)).not.toBe(importRowContent(row({ kind: "account", name: "Acme Ltd" })));
  });
});

describe("normalizeName", () => {
  it("matches names whatever their case and spacing", () => {
    expect(normalizeName("  ACME   Corp ")).toBe(normalizeName("acme corp"));
  });

  it("matches account and people's names whatever their accents", () => {
    expect(normalizeName("Société Générale")).toBe(normalizeName("SOCIETE GENERALE"));
    expect(normalizeName("José Álvarez")).toBe("jose alvarez");
    // Decomposed (as macOS writes file names) and composed spellings are one name.
    expect(normalizeName("Cafe\u0301 Zu\u0308rich")).toBe(normalizeName("Café Zürich"));
  });

  it("keeps what is no accent: letters of other scripts and different names", () => {
    expect(normalizeName("Acme")).not.toBe(normalizeName("Acne"));
    expect(normalizeName("हिन्दी")).toBe("हिन्दी".normalize("NFKD"));
  });
});

describe("readOpportunityRow", () => {
  it("reads amounts exactly, in the row's currency or the workspace's", () => {
    expect(value(deal()).amount).toEqual({ amount: 1_200_050, currency: "EUR" });
    expect(value(deal({ amount: "1,500", currency: "jpy" })).amount).toEqual({
      amount: 1500,
      currency: "JPY",
    });
  });

  it("reads amounts with the file's decimal comma, and refuses one written otherwise saying what was read", () => {
    const comma = { decimalMark: "," as const };
    expect(value(deal({ amount: "50.000,00" }, comma)).amount).toEqual({
      amount: 5_000_000,
      currency: "EUR",
    });
    expect(value(deal({ amount: "50000,00" }, comma)).amount).toEqual({ amount: 5_000_000, currency: "EUR" });
    const [pointInCommaFile] = issues(deal({ amount: "12.50" }, comma));
    expect(pointInCommaFile).toMatchObject({ field: "amount" });
    expect(pointInCommaFile?.message).toContain("written with a decimal point (it would be 12.50)");
    // Fifty with three decimals, or fifty thousand: the reason says both readings.
    expect(issues(deal({ amount: "50,000" }, comma))[0]?.message).toContain("could be 50.000");
    expect(issues(deal({ amount: "1,005" }, comma))[0]?.message).toContain("could be 1.005");
    expect(issues(deal({ amount: "1,5", currency: "JPY" }, comma))[0]?.message).toBe(
      '"1,5" (read as 1.5) has 1 decimal, and JPY has none: round it in the file so no cent is lost or made up here',
    );
    // Without a decimal comma, one is refused and the reason names --decimal.
    expect(issues(deal({ amount: "50000,00" }))[0]?.message).toContain("--decimal ,");
  });

  it("takes a won or lost status over the last stage the source shows, and refuses one that contradicts it", () => {
    expect(value(deal({ stage: "negotiation", status: "won" })).stage.id).toBe("closed_won");
    expect(value(deal({ stage: "proposal", status: "Lost", lossReason: "budget cut" })).stage.id).toBe(
      "closed_lost",
    );
    expect(value(deal({ stage: "proposal", status: "open" })).stage.id).toBe("proposal");
    expect(issues(deal({ stage: "closed_won", status: "lost" }))).toEqual([
      { field: "status", message: "the status says lost, but the stage is Closed won" },
    ]);
    expect(issues(deal({ stage: "closed_lost", status: "open" }))[0]?.field).toBe("status");
    expect(issues(deal({ status: "pending" }))).toEqual([
      { field: "status", message: '"pending" is not a deal status; use open, won or lost' },
    ]);
  });

  it("refuses an amount with more decimals than its currency, rather than rounding it", () => {
    expect(issues(deal({ amount: "12.345" }))).toEqual([
      { field: "amount", message: expect.stringContaining('"12.345" has 3 decimals, and EUR has 2') },
    ]);
    // A file that did not say its mark: the other reading is named too (a point between thousands).
    expect(issues(deal({ amount: "12.345" }))[0]?.message).toContain(
      "or write 12345 if the point groups thousands",
    );
    expect(issues(deal({ amount: "1.500" }))[0]?.message).toContain('"1.500" could be 1.5');
    expect(value(deal({ amount: "1.500" }, { decimalMark: "." })).amount).toEqual({
      amount: 150,
      currency: "EUR",
    });
    expect(issues(deal({ amount: "10.5", currency: "JPY" }))[0]?.message).toContain("JPY has none");
  });

  it("says what is wrong with each field, all at once", () => {
    const found = issues(
      deal({
        name: "",
        accountName: undefined,
        amount: "€1.200",
        currency: "euro",
        closeDate: "31/02/2027",
        owner: "nobody@agency.test",
        probability: "120",
      }),
    );
    expect(found.map((i) => i.field)).toEqual([
      "name",
      "account",
      "owner",
      "currency",
      "closeDate",
      "probability",
    ]);
  });

  it("names the stage and the pipeline's stages when the stage is unknown", () => {
    expect(issues(deal({ stage: "Engaging" }))).toEqual([
      {
        field: "stage",
        message:
          'there is no stage "Engaging" in the New business pipeline; its stages are prospecting, discovery, proposal, negotiation, closed_won and closed_lost',
      },
    ]);
  });

  it("checks the stage against the pipeline of the deal's type", () => {
    expect(value(deal({ type: "Renewal", stage: "renewal_review" })).pipeline.id).toBe("renewals");
    expect(issues(deal({ type: "renewal", stage: "discovery" }))[0]?.message).toContain("Renewals pipeline");
  });

  it("refuses an impossible date, a date it cannot read, and guesses no day/month order", () => {
    expect(issues(deal({ closeDate: "2027-02-30" }))[0]?.message).toBe(
      '"2027-02-30" is not a day of the calendar',
    );
    expect(issues(deal({ closeDate: "end of March" }))[0]?.message).toBe(
      '"end of March" is not a date (such as 2027-03-31, 31/03/2027 or 31-Mar-2027)',
    );
    expect(issues(deal({ closeDate: "03/01/2027" }))[0]?.message).toBe(
      '"03/01/2027" could be read day first or month first: say which with the date format (DD/MM/YYYY or MM/DD/YYYY)',
    );
  });

  it("reads dates as exports write them, in the file's date format", () => {
    expect(value(deal({ closeDate: "31/03/2027" })).closeDate).toBe("2027-03-31");
    expect(value(deal({ closeDate: "3/31/2027" })).closeDate).toBe("2027-03-31");
    expect(value(deal({ closeDate: "31.03.2027" })).closeDate).toBe("2027-03-31");
    expect(value(deal({ closeDate: "31-Mar-2027" })).closeDate).toBe("2027-03-31");
    expect(value(deal({ closeDate: "2027-03-31T22:00:00Z" })).closeDate).toBe("2027-03-31");
    const us = (cells: Record<string, unknown>) => deal(cells, { dateFormat: "MM/DD/YYYY" });
    const eu = (cells: Record<string, unknown>) => deal(cells, { dateFormat: "DD/MM/YYYY" });
    expect(us({ closeDate: "3/1/2017" })).toMatchObject({ ok: true, value: { closeDate: "2017-03-01" } });
    expect(eu({ closeDate: "3/1/2017" })).toMatchObject({ ok: true, value: { closeDate: "2017-01-03" } });
    expect(eu({ closeDate: "3/14/2017" })).toMatchObject({
      ok: false,
      error: [{ field: "closeDate", message: '"3/14/2017" is not a day of the calendar read as DD/MM/YYYY' }],
    });
  });

  it("reads Excel date serials in the date fields whose column holds them, and only there", () => {
    const excel = (cells: Record<string, unknown>) =>
      deal(cells, { excelSerialFields: ["closeDate", "createdAt"] });
    expect(excel({ closeDate: "45123", createdAt: "45123.75" })).toMatchObject({
      ok: true,
      value: { closeDate: "2023-07-16", createdAt: "2023-07-16T18:00:00.000Z" },
    });
    // Another form in a column of serials is read as it is; a number in a field not said to hold serials is not.
    expect(value(excel({ closeDate: "2027-03-31" })).closeDate).toBe("2027-03-31");
    expect(issues(deal({ closeDate: "45123" }))[0]?.message).toBe(
      '"45123" is not a date (such as 2027-03-31, 31/03/2027 or 31-Mar-2027): a number is read as an Excel date serial only when every cell of its column is one',
    );
    expect(issues(excel({ stageEnteredAt: "45123" }))[0]?.field).toBe("stageEnteredAt");
  });

  it("matches the owner by name whatever its case, accents and spacing, as the export writes people", () => {
    expect(value(deal({ owner: "ann eze" })).ownerId).toBe("m-ae");
    expect(value(deal({ owner: "  ANN   ÉZÉ " })).ownerId).toBe("m-ae");
    expect(value(deal({ owner: "m-ae" })).ownerId).toBe("m-ae");
  });

  it("matches an owner by a first or last name only one member has, and refuses one several share, naming them", () => {
    expect(value(deal({ owner: "Eze" })).ownerId).toBe("m-ae");
    expect(value(deal({ owner: "ANN" })).ownerId).toBe("m-ae");
    const shared = issues(deal({ owner: "Lee" }))[0]?.message;
    expect(shared).toContain('"Lee" could be 2 members');
    expect(shared).toContain("kim.lee2@agency.test");
    expect(issues(deal({ owner: "Doe" }))[0]?.message).toBe(
      'no member of this workspace is named "Doe" (or has that id)',
    );
  });

  it("refuses an owner nobody is named, saying the name; and a name two members share, naming their e-mails", () => {
    expect(issues(deal({ owner: "Jane Doe" }))).toEqual([
      { field: "owner", message: 'no member of this workspace is named "Jane Doe" (or has that id)' },
    ]);
    const shared = issues(deal({ owner: "kim lee" }))[0]?.message;
    expect(shared).toContain('2 members are named "kim lee"');
    expect(shared).toContain("kim.lee2@agency.test");
    expect(value(deal({ owner: "kim.lee2@agency.test" })).ownerId).toBe("m-kim2");
    expect(issues(deal({ owner: "Gus Gone" }))[0]?.message).toBe(
      "Gus Gone has been deactivated and cannot own records",
    );
  });

  it("matches the owner by e-mail whatever its case, and refuses a deactivated one", () => {
    expect(value(deal({ owner: "ann.ae@AGENCY.test" })).ownerId).toBe("m-ae");
    expect(issues(deal({ owner: "gone@agency.test" }))[0]?.message).toContain("deactivated");
    expect(value(deal()).ownerId).toBe("m-admin");
  });
});

describe("a lost deal without a reason", () => {
  it("imports with the reason 'not recorded in <source>', listed as a default; a given reason is kept", () => {
    const r = row({
      kind: "opportunity",
      name: "Lost one",
      accountName: "Acme",
      amount: "100",
      closeDate: "2026-01-15",
      stage: "closed_lost",
    });
    if (r.kind !== "opportunity") throw new Error("not a deal row");
    const draft = value(readOpportunityRow(r, { ...facts, source: "pipedrive" }));
    expect(draft.lossReason).toBe("not recorded in pipedrive");
    expect(draft.defaults).toEqual([
      { field: "currency", value: "EUR" },
      { field: "lossReason", value: "not recorded in pipedrive" },
    ]);
    expect(value(deal({ stage: "closed_lost", lossReason: "price", currency: "EUR" }))).toMatchObject({
      lossReason: "price",
      defaults: [],
    });
  });
});

describe("a deal without an amount or a close date", () => {
  it("imports in a stage that does not require them, with neither invented", () => {
    const draft = value(deal({ amount: undefined, closeDate: "", stage: "Prospecting" }));
    expect(draft).toMatchObject({ amount: null, closeDate: null, defaults: [] });
    const lost = value(deal({ amount: undefined, closeDate: "2026-01-15", stage: "closed_lost" }));
    expect(lost.amount).toBeNull();
  });

  it("is refused in a stage that requires them, naming the stage and each missing detail", () => {
    expect(issues(deal({ amount: undefined, closeDate: undefined, stage: "proposal" }))).toEqual([
      { field: "amount", message: "a deal in Proposal needs an amount" },
      { field: "closeDate", message: "a deal in Proposal needs a close date" },
    ]);
    expect(issues(deal({ amount: undefined, stage: "closed_won" }))).toEqual([
      { field: "amount", message: "a deal in Closed won needs an amount" },
    ]);
  });

  it("refuses a closed deal that says neither when it closed nor its close date", () => {
    expect(issues(deal({ amount: undefined, closeDate: undefined, stage: "closed_lost" }))).toEqual([
      { field: "closeDate", message: "a deal in Closed lost has closed: give its close date or closedAt" },
    ]);
  });
});

describe("the currency of an amount", () => {
  const withCurrencies = (others: string[], extra: Partial<ImportFacts> = {}) => {
    const settings = { ...facts.settings, otherCurrencies: others } as ImportFacts["settings"];
    return (cells: Record<string, unknown>) => {
      const r = row({
        kind: "opportunity",
        name: "Deal",
        accountName: "Acme",
        closeDate: "2027-03-31",
        ...cells,
      });
      if (r.kind !== "opportunity") throw new Error("not a deal row");
      return readOpportunityRow(r, { ...facts, settings, ...extra });
    };
  };

  it("is the workspace's only currency when nothing says it, counted as a default applied", () => {
    expect(value(withCurrencies([])({ amount: "10" }))).toMatchObject({
      amount: { amount: 1000, currency: "EUR" },
      defaults: [{ field: "currency", value: "EUR" }],
    });
  });

  it("is the importer's (--currency) over the workspace's, and the row's own cell over both", () => {
    const read = withCurrencies([], { currency: "USD" as ImportFacts["settings"]["currency"] });
    expect(value(read({ amount: "10" }))).toMatchObject({ amount: { currency: "USD" }, defaults: [] });
    expect(value(read({ amount: "10", currency: "gbp" }))).toMatchObject({ amount: { currency: "GBP" } });
  });

  it("is refused when the workspace sells in several currencies and nothing says which", () => {
    expect(issues(withCurrencies(["USD"])({ amount: "10" }))).toEqual([
      {
        field: "currency",
        message:
          "this workspace sells in EUR and USD, and nothing says which this amount is in: add a currency column or say it with --currency",
      },
    ]);
    // A deal with no amount yet needs no currency.
    expect(value(withCurrencies(["USD"])({ stage: "prospecting", closeDate: "" })).amount).toBeNull();
  });

  it("is an ISO 4217 code: a refusal names the bad code and the nearest", () => {
    expect(issues(withCurrencies([])({ amount: "10", currency: "EUO" }))).toEqual([
      { field: "currency", message: '"EUO" is not an ISO 4217 currency code; did you mean EUR?' },
    ]);
    expect(issues(withCurrencies([])({ amount: "10", currency: "$" }))[0]?.message).toBe(
      '"$" is not an ISO 4217 currency code; did you mean USD?',
    );
  });
});

describe("opportunityRowCommands", () => {
  const ids = { opportunityId: "opp-1", accountId: "acc-1" };

  it("imports an open deal in its stage, with the row's probability and the source", () => {
    const commands = value(
      opportunityRowCommands(
        value(deal({ stage: "negotiation", probability: "40%", sourceId: "006A" })),
        ids,
        "sf",
      ),
    );
    expect(commands).toEqual([
      expect.objectContaining({
        type: "ImportOpportunity",
        stageId: "negotiation",
        accountId: "acc-1",
        amount: { amount: 1_200_050, currency: "EUR" },
        probability: 40,
        importedFrom: { source: "sf", externalId: "006A" },
      }),
    ]);
    expect(commands[0]).not.toHaveProperty("closedAt");
  });

  it("keeps the product a row names as the deal's service line, and its lead source", () => {
    const [imported] = value(
      opportunityRowCommands(
        value(deal({ serviceLine: "  Brand design ", leadSource: "Partner Referral" })),
        ids,
        "sf",
      ),
    );
    expect(imported).toMatchObject({ serviceLine: "Brand design", leadSource: "Partner Referral" });
    const [plain] = value(opportunityRowCommands(value(deal()), ids, "sf"));
    expect(plain).not.toHaveProperty("serviceLine");
    expect(
      issues(opportunityRowCommands(value(deal({ serviceLine: "x".repeat(101) })), ids, "sf"))[0],
    ).toMatchObject({
      field: "serviceLine",
    });
  });

  it("imports a closed deal in its closing stage, closed at the start of its close date unless told", () => {
    const [lost] = value(
      opportunityRowCommands(value(deal({ stage: "closed_lost", lossReason: "price" })), ids, "x"),
    );
    expect(lost).toMatchObject({
      stageId: "closed_lost",
      lossReason: "price",
      closedAt: "2027-03-31T00:00:00.000Z",
    });
    const [won] = value(
      opportunityRowCommands(
        value(deal({ stage: "Closed Won", probability: "100", closedAt: "2026-05-04T13:00:00Z" })),
        ids,
        "x",
      ),
    );
    expect(won).toMatchObject({ stageId: "closed_won", closedAt: "2026-05-04T13:00:00Z" });
    expect(won).not.toHaveProperty("probability");
  });

  it("carries the moments the source knows: a day is its first moment in UTC", () => {
    const [command] = value(
      opportunityRowCommands(
        value(deal({ stage: "proposal", createdAt: "2026-01-02", stageEnteredAt: "2026-03-04T05:06:07Z" })),
        ids,
        "x",
      ),
    );
    expect(command).toMatchObject({
      createdAt: "2026-01-02T00:00:00.000Z",
      stageEnteredAt: "2026-03-04T05:06:07Z",
    });
  });

  it("refuses a moment it cannot read, and closedAt on an open deal", () => {
    expect(issues(deal({ createdAt: "last spring" }))).toEqual([
      {
        field: "createdAt",
        message: '"last spring" is not a date (such as 2027-03-31, 31/03/2027 or 31-Mar-2027)',
      },
    ]);
    expect(issues(deal({ stage: "discovery", closedAt: "2026-01-01" }))).toEqual([
      { field: "closedAt", message: "only a won or lost deal has closed, and this one is in Discovery" },
    ]);
  });

  it("refuses a negative amount with the command schema's own words", () => {
    expect(issues(opportunityRowCommands(value(deal({ amount: "-5" })), ids, "x"))).toEqual([
      { field: "amount", message: "an amount cannot be negative" },
    ]);
  });
});

describe("account and contact rows", () => {
  it("reads an account row into CreateAccount", () => {
    const r = row({ kind: "account", name: "Acme", owner: "ann.ae@agency.test", website: "acme.test" });
    if (r.kind !== "account") throw new Error("not an account row");
    const command = value(createAccountCommand(value(readAccountRow(r, facts)), "acc-1", "crm"));
    expect(command).toMatchObject({
      type: "CreateAccount",
      accountId: "acc-1",
      ownerId: "m-ae",
      website: "acme.test",
      importedFrom: { source: "crm", externalId: null },
    });
  });

  it("keeps the source's id of an account row, also under its former name externalId", () => {
    for (const cells of [{ sourceId: "001X" }, { externalId: "001X" }]) {
      const r = row({ kind: "account", name: "Acme", ...cells });
      if (r.kind !== "account") throw new Error("not an account row");
      expect(r.sourceId).toBe("001X");
      expect(value(createAccountCommand(value(readAccountRow(r, facts)), "acc-1", "sf"))).toMatchObject({
        importedFrom: { source: "sf", externalId: "001X" },
      });
    }
    expect(readImportRow({ kind: "account", name: "Acme", sourceId: "1", externalId: "2" }).ok).toBe(false);
  });

  it("reads an account row's size and region: employees, annual revenue in its currency, region", () => {
    const read = (cells: Record<string, unknown>) => {
      const r = row({ kind: "account", name: "Acme", ...cells });
      if (r.kind !== "account") throw new Error("not an account row");
      return readAccountRow(r, facts);
    };
    const draft = value(
      read({ employees: "1,200", annualRevenue: "250,000,000.50", currency: "usd", region: "EMEA" }),
    );
    expect(draft).toMatchObject({
      employees: 1200,
      annualRevenue: { amount: 25_000_000_050, currency: "USD" },
      region: "EMEA",
    });
    expect(value(createAccountCommand(draft, "acc-1", "crm"))).toMatchObject({
      employees: 1200,
      region: "EMEA",
    });
    expect(value(read({ annualRevenue: "1000" })).annualRevenue).toEqual({
      amount: 100_000,
      currency: "EUR",
    });
    expect(value(read({}))).toMatchObject({ employees: null, annualRevenue: null, region: null });
  });

  it("refuses an account row whose employees or revenue are not numbers, naming each field", () => {
    const r = row({
      kind: "account",
      name: "Acme",
      employees: "about 50",
      annualRevenue: "-3",
      currency: "€",
    });
    if (r.kind !== "account") throw new Error("not an account row");
    expect(issues(readAccountRow(r, facts)).map((i) => i.field)).toEqual(["employees", "currency"]);
    const negative = row({ kind: "account", name: "Acme", annualRevenue: "-3" });
    if (negative.kind !== "account") throw new Error("not an account row");
    expect(issues(readAccountRow(negative, facts))[0]?.message).toMatch(/not an annual revenue/);
  });

  it("puts a too-long account name on the row's accountName", () => {
    expect(issues(accountByNameCommand("x".repeat(201), "acc-1", asId.member("m-ae"), "x"))[0]?.field).toBe(
      "accountName",
    );
  });

  it("reads roles in any spelling and refuses unknown ones and bad e-mails", () => {
    const read = (cells: Record<string, unknown>) => {
      const r = row({ kind: "contact", name: "Dana", accountName: "Acme", ...cells });
      if (r.kind !== "contact") throw new Error("not a contact row");
      return readContactRow(r, facts);
    };
    expect(value(read({ roles: "Decision Maker; champion" })).roles).toEqual(["decision_maker", "champion"]);
    expect(issues(read({ roles: "boss" }))[0]).toMatchObject({ field: "roles" });
    const draft = value(read({ email: "not-an-email" }));
    expect(issues(addContactCommand(draft, { contactId: "c-1", accountId: "acc-1" }, "x"))).toEqual([
      { field: "email", message: "that is not an e-mail address" },
    ]);
  });
});

describe("readMemberRow", () => {
  const member = (cells: Record<string, unknown>) => {
    const r = row({ kind: "member", ...cells });
    if (r.kind !== "member") throw new Error("not a member row");
    return readMemberRow(r, facts);
  };

  it("reads a person with a role and a manager named as the export names them", () => {
    expect(
      value(member({ name: "Jo Doe", email: "Jo@Agency.test", role: "Account manager", manager: "ann eze" })),
    ).toEqual({
      name: "Jo Doe",
      email: "jo@agency.test",
      role: "account_manager",
      roleDefaulted: false,
      reportsTo: "m-ae",
    });
  });

  it("gives a row without a role the default role, and says it did", () => {
    expect(value(member({ name: "Jo Doe", email: "jo@agency.test" }))).toMatchObject({
      role: "account_executive",
      roleDefaulted: true,
    });
  });

  it("needs a name and an e-mail, a known role and a known manager, all said at once", () => {
    expect(issues(member({ role: "boss", manager: "Nobody Here" })).map((i) => i.field)).toEqual([
      "name",
      "email",
      "role",
      "manager",
    ]);
  });

  it("refuses an e-mail the member schema refuses, on the email field", () => {
    const draft = value(member({ name: "Jo", email: "not-an-address" }));
    expect(issues(addMemberCommand(draft, "m-jo")).map((i) => i.field)).toEqual(["email"]);
  });
});

describe("placeholderEmail", () => {
  it("is an undeliverable address made from the name, accents dropped", () => {
    expect(placeholderEmail("José Álvarez-Núñez", "a1b2c3")).toBe(
      "jose.alvarez.nunez.a1b2c3@imported.invalid",
    );
  });
});

describe("withArticle", () => {
  it("says an opportunity, an account, a contact, a member", () => {
    expect(["opportunity", "account", "contact", "member"].map(withArticle)).toEqual([
      "an opportunity",
      "an account",
      "a contact",
      "a member",
    ]);
  });
});
