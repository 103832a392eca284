import { describe, expect, it } from "vitest";
import { blockedInWords } from "./quick-actions.tsx";

const blocked = (label: string, why: string) => ({ action: { label }, permission: { allowed: false, why } });

describe("blockedInWords", () => {
  it("says each reason once, after the actions it blocks, in the order they come", () => {
    const log = "As a viewer you may not log activities.";
    const deal = "As a viewer you may not create deals.";
    expect(
      blockedInWords([
        blocked("Log a call", log),
        blocked("New deal", deal),
        blocked("Log an e-mail", log),
        blocked("Add a note", log),
      ]),
    ).toBe(`Log a call, Log an e-mail, Add a note (${log}); New deal (${deal})`);
  });
});
