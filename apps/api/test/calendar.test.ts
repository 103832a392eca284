import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCalendarRoutes } from "../src/calendar/routes.ts";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, run, seedAgency, WS } from "./seed.ts";

const eur = (major: number) => ({ amount: major * 100, currency: "EUR" });

describe.each(TARGETS)("calendar feed on $name", (target) => {
  let h: Harness;
  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target, {
      extensions: (deps) => [
        (app) => registerCalendarRoutes(app, { ...deps, publicUrl: "https://acct.test" }),
      ],
    });
    await seedAgency(h.service);
    h.grant("ae", WS, M.ae);
    h.grant("other", WS, M.otherAe);
    h.grant("admin", WS, M.admin);
    const s = h.service;
    await run(
      s,
      WS,
      "task",
      "t1",
      {
        type: "CreateTask",
        taskId: "t1",
        accountId: "acme",
        title: "Media plan",
        assigneeId: M.ae,
        dueDate: "2027-01-20",
        agreedWithClient: false,
      },
      M.ae,
    );
    await run(
      s,
      WS,
      "brief",
      "b1",
      {
        type: "ReceiveBrief",
        briefId: "b1",
        accountId: "acme",
        title: "Winter campaign",
        clientBudget: eur(50_000),
        deadline: "2027-02-01",
      },
      M.admin,
    );
    await run(
      s,
      WS,
      "activity",
      "a1",
      {
        type: "PlanActivity",
        activityId: "a1",
        accountId: "acme",
        kind: "meeting",
        subject: "Quarterly review",
        at: "2027-01-15T10:00:00.000Z",
      },
      M.ae,
    );
    await run(
      s,
      WS,
      "contract",
      "c1",
      {
        type: "CreateContract",
        contractId: "c1",
        accountId: "acme",
        ownerId: M.ae,
        title: "Retainer",
        value: eur(1_000),
        term: { unit: "months", count: 12 },
        noticePeriod: { unit: "months", count: 3 },
        autoRenewal: true,
        startDate: "2027-01-01",
      },
      M.ae,
    );
    await run(s, WS, "contract", "c1", { type: "StartNegotiation" }, M.ae);
    await run(s, WS, "contract", "c1", { type: "SubmitForApproval" }, M.ae);
    const { state } = await s.load(WS, "contract", "c1");
    if ((state as { status: string }).status === "pending_approval")
      await run(s, WS, "contract", "c1", { type: "Approve" }, M.admin);
    await run(s, WS, "contract", "c1", { type: "Sign" }, M.ae);
  });
  afterAll(async () => h?.close());

  let url: string;

  it.skipIf(target.skip)("creates a secret URL for the calling member", async () => {
    const res = await h.call("ae", "POST", `/api/workspaces/${WS}/calendar-feed`);
    expect(res.status).toBe(201);
    url = (await res.json()).url;
    expect(url).toMatch(/^https:\/\/acct\.test\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
  });

  it.skipIf(target.skip)("serves text/calendar without a session, with each kind of date", async () => {
    const res = await h.app.request(new URL(url).pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    const ics = await res.text();
    // Every line ends with CRLF, the last one too (RFC 5545 §3.1).
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const events = [...ics.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map((m) =>
      m[1]!.replace(/\r\n /g, ""),
    );
    const find = (text: string) => events.find((e) => e.includes(text));
    expect(find("SUMMARY:Task due: Media plan")).toContain("DTSTART;VALUE=DATE:20270120");
    expect(find("SUMMARY:Client deadline: Winter campaign")).toContain("DTSTART;VALUE=DATE:20270201");
    expect(find("SUMMARY:Meeting: Quarterly review")).toContain("DTSTART:20270115T100000Z");
    expect(find("SUMMARY:Notice deadline: Retainer")).toMatch(/DTSTART;VALUE=DATE:2027\d{4}/);
    expect(find("SUMMARY:Contract ends: Retainer")).toContain("DTSTART;VALUE=DATE:20271231");
    expect(find("SUMMARY:Renews tacitly: Retainer")).toContain("DTSTART;VALUE=DATE:20280101");
    for (const e of events) expect(e).toMatch(/UID:[^\r\n]+@accountable/);
    // The default reminder: one alert a day before each item.
    for (const e of events) {
      const alarms = [...e.matchAll(/BEGIN:VALARM\r\n([\s\S]*?)END:VALARM/g)].map((m) => m[1]!);
      expect(alarms).toHaveLength(1);
      expect(alarms[0]).toContain("ACTION:DISPLAY");
      expect(alarms[0]).toContain("TRIGGER:-P1D");
    }
    expect(find("SUMMARY:Task due: Media plan")).toContain("DESCRIPTION:Task due: Media plan (in a day)");
  });

  it.skipIf(target.skip)("says whether the member has a feed, without its URL", async () => {
    const res = await h.call("ae", "GET", `/api/workspaces/${WS}/calendar-feed`);
    expect(res.status).toBe(200);
    const status = await res.json();
    expect(status).toEqual({ active: true, createdAt: expect.any(String) });
    expect(JSON.stringify(status)).not.toContain("cal_");
  });

  it.skipIf(target.skip)("puts the workspace's reminders on every item, or none", async () => {
    const { state } = await h.service.load(WS, "workspace", WS);
    const settings = (state as { settings: Record<string, unknown> }).settings;
    const update = (reminderDaysBefore: number[]) =>
      run(
        h.service,
        WS,
        "workspace",
        WS,
        { type: "UpdateSettings", settings: { ...settings, calendar: { reminderDaysBefore } } },
        M.admin,
      );
    await update([7, 0]);
    const ics = await (await h.app.request(new URL(url).pathname)).text();
    const events = ics.split("BEGIN:VEVENT").slice(1);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e).toContain("TRIGGER:-P7D");
      expect(e).toMatch(/TRIGGER:(-)?PT0S/);
      expect(e.match(/BEGIN:VALARM/g)).toHaveLength(2);
    }
    await update([]);
    const none = await (await h.app.request(new URL(url).pathname)).text();
    expect(none).toContain("BEGIN:VEVENT");
    expect(none).not.toContain("VALARM");
    await update([1]);
  });

  it.skipIf(target.skip)("refuses reminder settings a calendar cannot use, saying why", async () => {
    const { state, version } = await h.service.load(WS, "workspace", WS);
    const settings = (state as { settings: Record<string, unknown> }).settings;
    const res = await h.call(
      "admin",
      "POST",
      `/api/workspaces/${WS}/update-settings`,
      { settings: { ...settings, calendar: { reminderDaysBefore: [1, 1] } } },
      { "if-match": `"${version}"` },
    );
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain("each reminder is a different number of days");
  });

  it.skipIf(target.skip)("shows another member only their own dates", async () => {
    const res = await h.call("other", "POST", `/api/workspaces/${WS}/calendar-feed`);
    const ics = await (await h.app.request(new URL((await res.json()).url).pathname)).text();
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).not.toContain("BEGIN:VEVENT");
  });

  it.skipIf(target.skip)("rotating the URL retires the old one; unknown secrets are 404", async () => {
    const old = new URL(url).pathname;
    const res = await h.call("ae", "POST", `/api/workspaces/${WS}/calendar-feed`);
    const fresh = new URL((await res.json()).url).pathname;
    expect((await h.app.request(fresh)).status).toBe(200);
    const gone = await h.app.request(old);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toContain("application/problem+json");
    expect((await h.app.request("/calendar/nope.ics")).status).toBe(404);
    url = `https://acct.test${fresh}`;
  });

  it.skipIf(target.skip)("stopping the feed retires its URL; the status says so", async () => {
    const res = await h.call("ae", "DELETE", `/api/workspaces/${WS}/calendar-feed`);
    expect(res.status).toBe(204);
    expect((await h.app.request(new URL(url).pathname)).status).toBe(404);
    const status = await (await h.call("ae", "GET", `/api/workspaces/${WS}/calendar-feed`)).json();
    expect(status).toEqual({ active: false, createdAt: null });
    expect((await h.call("ae", "DELETE", `/api/workspaces/${WS}/calendar-feed`)).status).toBe(204);
  });
});
