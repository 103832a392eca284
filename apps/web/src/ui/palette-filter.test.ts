import { describe, expect, it } from "vitest";
import { creationKeywords, keepsAction } from "./palette-filter.ts";

const createDeal = {
  id: "cmd-opportunity-CreateOpportunity",
  label: "Create opportunity",
  keywords: creationKeywords("deal"),
};
const addContact = {
  id: "cmd-contact-AddContact",
  label: "Add contact",
  keywords: creationKeywords("contact"),
};
const plan = { id: "cmd-plan-DraftPlan", label: "Draft plan", keywords: creationKeywords("account plan") };
const pnl = { id: "go-P&L", label: "P&L" };
const today = { id: "go-Today", label: "Today" };

describe("the palette's filter", () => {
  it("finds the creation commands by 'new', as the buttons name them ('New deal', 'New contact')", () => {
    expect(keepsAction("new", createDeal)).toBe(true);
    expect(keepsAction("new", addContact)).toBe(true);
    expect(keepsAction("new deal", createDeal)).toBe(true);
    expect(keepsAction("new deal", addContact)).toBe(false);
    expect(keepsAction("New contact", addContact)).toBe(true);
    expect(keepsAction("new account plan", plan)).toBe(true);
    expect(keepsAction("new", today)).toBe(false);
  });

  it("still finds them by their own words, and pages by their label", () => {
    expect(keepsAction("create", createDeal)).toBe(true);
    expect(keepsAction("opp", createDeal)).toBe(true);
    expect(keepsAction("create opportunity", createDeal)).toBe(true);
    expect(keepsAction("p&l", pnl)).toBe(true);
    expect(keepsAction("tod", today)).toBe(true);
    expect(keepsAction("xyz", today)).toBe(false);
    expect(keepsAction("", today)).toBe(true);
  });

  it("keeps the server's hits whatever the query (typos are the server's to forgive)", () => {
    expect(keepsAction("atlsa", { id: "hit:account:acc-1", label: "Atlas Market" })).toBe(true);
    expect(keepsAction("atlsa", { id: "search-all", label: "See all results" })).toBe(true);
  });
});
