// @vitest-environment happy-dom
import { MantineProvider } from "@mantine/core";
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ACCOUNT_STATUS_COLORS, statusColor } from "../../ui/status-colors.ts";
import { ValueText } from "./record-page.tsx";

afterEach(cleanup);

const shown = (name: string, value: unknown, words?: (n: string, v: unknown) => string | undefined) => {
  const { getByTestId } = render(
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
    </MantineProvider>,
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
