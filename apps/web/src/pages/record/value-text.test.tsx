// @vitest-environment happy-dom
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { referencedAggregate, referencedListAggregate } from "../../ui/record-ref.tsx";
import { ACCOUNT_STATUS_COLORS, statusColor } from "../../ui/status-colors.ts";
import { ValueText } from "./record-page.tsx";

afterEach(cleanup);

const shown = (name: string, value: unknown, words?: (n: string, v: unknown) => string | undefined) => {
  const { getByTestId } = render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { enabled: false } } })}>
      <MantineProvider>
        <span data-testid="value">
          <ValueText
            name={name}
            value={value}
            workspaceId="w"
            memberName={(id) => `Member ${id}`}
            words={words}
          />
        </span>
      </MantineProvider>
    </QueryClientProvider>,
  );
  const text = getByTestId("value").textContent;
  cleanup();
  return text;
};

describe("a record's values in words", () => {
  it("shows probabilities and percentages with their sign, and the words of a fixed list as words", () => {
    expect(shown("probability", 80)).toBe("80 %");
    expect(shown("discountPercent", 8)).toBe("8 %");
    expect(shown("forecastCategory", "best_case")).toBe("Best case");
    expect(shown("status", "not_renewed")).toBe("Not renewed");
    expect(shown("amountCents", 80)).toBe("80");
  });

  it("says what the page knows of a field (a deal's pipeline and stage by their labels), else the value", () => {
    const words = (name: string, value: unknown) =>
      name === "stageId" && value === "negotiation" ? "Negotiation" : undefined;
    expect(shown("stageId", "negotiation", words)).toBe("Negotiation");
    expect(shown("title", "negotiation", words)).toBe("negotiation");
  });
});

describe("references to other records", () => {
  it("reads a deal's stakeholders and a meeting's contacts as lists of contacts, a single id as its record", () => {
    expect(referencedListAggregate("stakeholderIds")).toBe("contact");
    expect(referencedListAggregate("contactIds")).toBe("contact");
    expect(referencedListAggregate("opportunityIds")).toBe("opportunity");
    expect(referencedListAggregate("contactId")).toBeUndefined();
    expect(referencedListAggregate("ownerIds")).toBeUndefined();
    expect(referencedListAggregate("tags")).toBeUndefined();
    expect(referencedAggregate("contactId")).toBe("contact");
  });

  it("never shows a list of contact ids as words: each is a reference, named once it is read", () => {
    const text = shown("stakeholderIds", ["acc_000012_c1", "acc_000012_c2"]);
    expect(text).not.toMatch(/Acc 000012/);
    // Pending, it is "…"; unreadable (no API here), the bare id, dimmed — never the id humanized as if words.
    expect(text).toMatch(/^(…|acc_000012_c1), (…|acc_000012_c2)$/);
    expect(shown("tags", ["key_account"])).toBe("Key account");
  });
});

describe("status colours", () => {
  it("colour a status by what it means: at risk is not active, lost is not won", () => {
    expect(statusColor("at_risk")).not.toBe(statusColor("active"));
    expect(statusColor("lost")).toBe("red");
    expect(statusColor("won")).toBe("green");
    expect(statusColor("overdue")).toBe("orange");
    expect(statusColor("something_new")).toBe("gray");
    for (const [status, colour] of Object.entries(ACCOUNT_STATUS_COLORS))
      expect(statusColor(status)).toBe(colour);
  });
});
