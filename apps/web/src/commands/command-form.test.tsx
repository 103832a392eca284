// @vitest-environment happy-dom
// Every command of every aggregate in the domain has a form: the walk goes over the domain's own command
// schemas (through AGGREGATE_UI, keyed by the domain's AggregateType), renders each with the one renderer and
// finds a labelled control for every field the form asks for. A command the domain adds is walked too.
import { AGGREGATE_TYPES, COMMAND_ACTIONS } from "@accountable/domain";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commandVariants, createdIdField } from "./aggregates.ts";
import { CommandForm, commandTitle } from "./command-form.tsx";
import { describeFields, flattenFields } from "./fields.ts";
import { accountQuickActions } from "./quick-actions.tsx";

// No request leaves a component test: the pickers' lists answer an empty page.
vi.hoisted(() => {
  const empty = () =>
    new Response(JSON.stringify({ items: [], nextCursor: null }), {
      headers: { "Content-Type": "application/json" },
    });
  globalThis.fetch = async () => empty();
});

afterEach(cleanup);

function renderForm(aggregate: (typeof AGGREGATE_TYPES)[number], type: string) {
  const variant = commandVariants(aggregate).find((v) => v.type === type)!;
  const qc = new QueryClient({ defaultOptions: { queries: { enabled: false, retry: false } } });
  const record = variant.creates ? null : { id: "r1", version: 1, state: { status: "open" } };
  render(
    <MantineProvider>
      <QueryClientProvider client={qc}>
        <CommandForm workspaceId="w1" variant={variant} record={record} currency="EUR" />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return variant;
}

describe("the command forms", () => {
  const all = AGGREGATE_TYPES.flatMap((aggregate) =>
    Object.keys(COMMAND_ACTIONS[aggregate]).map((type) => [aggregate, type] as const),
  );

  it("knows every command the domain's permission table names, and no other", () => {
    const walked = AGGREGATE_TYPES.flatMap((a) => commandVariants(a).map((v) => `${a}.${v.type}`)).sort();
    expect(walked).toEqual(all.map(([a, t]) => `${a}.${t}`).sort());
  });

  it.each(all)("renders %s %s with a labelled control for each field", (aggregate, type) => {
    const variant = renderForm(aggregate, type);
    const form = screen.getByRole("form", { name: commandTitle(variant) });
    const idField = createdIdField(variant);
    const asked = describeFields(variant.schema).filter((f) => f.name !== idField && f.type.kind !== "newId");
    for (const f of asked) {
      const labelled = within(form).queryAllByLabelText(new RegExp(`^${f.label}`));
      const legend = within(form).queryAllByText(f.label, { selector: "legend" });
      expect(labelled.length + legend.length, `${aggregate} ${type}: ${f.name}`).toBeGreaterThan(0);
    }
    within(form).getByRole("button", { name: commandTitle(variant) });
  });

  it.each(
    AGGREGATE_TYPES.flatMap((a) =>
      commandVariants(a)
        .filter((v) => v.creates)
        .map((v) => [a, v.type] as const),
    ),
  )("a creation never asks for the new record's id (%s %s)", (aggregate, type) => {
    const variant = renderForm(aggregate, type);
    const field = createdIdField(variant);
    expect(field).toMatch(/Id$/);
    expect(variant.schema.shape).toHaveProperty(field!);
  });

  it("says what every empty picker is for: deals, contracts and the others", () => {
    const pickers = all.flatMap(([aggregate, type]) => {
      const variant = commandVariants(aggregate).find((v) => v.type === type)!;
      return flattenFields(describeFields(variant.schema))
        .filter((f) => f.type.kind === "ref" && f.type.ref !== "stage" && f.name !== createdIdField(variant))
        .map((f) => [aggregate, type, f] as const);
    });
    const refs = new Set(pickers.map(([, , f]) => (f.type.kind === "ref" ? f.type.ref : "")));
    expect(refs).toContain("deal");
    expect(refs).toContain("contract");
    for (const ref of ["deal", "contract"]) {
      const [aggregate, type, field] = pickers.find(
        ([, , f]) => f.type.kind === "ref" && f.type.ref === ref,
      )!;
      renderForm(aggregate, type);
      const input = screen
        .getAllByLabelText(new RegExp(`^${field.label}`))
        .find((el): el is HTMLInputElement => el instanceof HTMLInputElement)!;
      expect(input.placeholder, `${aggregate} ${type}: ${field.name}`).toBe(
        ref === "deal" ? "Search deals by name" : "Search contracts by title",
      );
      cleanup();
    }
  });

  it("shows the schema's refusals field by field before sending anything", async () => {
    renderForm("task", "CreateTask");
    const form = screen.getByRole("form", { name: "Create task" });
    fireEvent.submit(form);
    // The title and the assignee are required; the domain's schema says so, on each field.
    const title = await within(form).findByLabelText(/^Title/);
    expect(title.getAttribute("aria-invalid")).toBe("true");
    expect(within(form).getAllByText("is required").length).toBeGreaterThanOrEqual(2);
  });

  it("opens with the checks its move passes, in the domain's words for the row's guards", () => {
    const variant = renderForm("quota", "ChangeQuota");
    const form = screen.getByRole("form", { name: commandTitle(variant) });
    expect(
      within(form).getByText(
        "Checked when you send it: a reason; an amount in the quota's currency; a positive amount; a different amount.",
      ),
    ).toBeTruthy();
    renderForm("opportunity", "CreateOpportunity");
    expect(
      screen.getByText(
        /^Checked when you send it: .*an amount and a close date where the stage asks for them/,
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/aReason|DetailsRequired/)).toBeNull();
  });
});

describe("service-line fields", () => {
  it("describe a deal's service line and a tower's name as text that offers the workspace's catalog", () => {
    const kinds = (aggregate: (typeof AGGREGATE_TYPES)[number], type: string) =>
      flattenFields(describeFields(commandVariants(aggregate).find((v) => v.type === type)!.schema))
        .filter((f) => f.type.kind === "text" && f.type.suggest === "serviceLines")
        .map((f) => f.path);
    expect(kinds("opportunity", "CreateOpportunity")).toEqual(["serviceLine"]);
    expect(kinds("contract", "AddTower")).toEqual(["tower.name"]);
    expect(kinds("contract", "UpdateTower")).toEqual(["name"]);
  });

  it("offer the catalog as the line is typed, and keep a line the catalog lacks", async () => {
    const variant = commandVariants("opportunity").find((v) => v.type === "UpdateDetails")!;
    const qc = new QueryClient({ defaultOptions: { queries: { enabled: false, retry: false } } });
    qc.setQueryData(["workspace", "w1"], {
      id: "w1",
      version: 1,
      state: { settings: { pipelines: [], serviceLines: ["Media", "Creative", "Cloud"] } },
    });
    render(
      <MantineProvider>
        <QueryClientProvider client={qc}>
          <CommandForm
            workspaceId="w1"
            variant={variant}
            record={{ id: "r1", version: 1, state: {} }}
            currency="EUR"
          />
        </QueryClientProvider>
      </MantineProvider>,
    );
    const form = screen.getByRole("form", { name: commandTitle(variant) });
    const input = within(form).getByLabelText(/^Service line/) as HTMLInputElement;
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: "c" } });
    expect((await screen.findAllByRole("option")).map((o) => o.textContent)).toEqual(["Creative", "Cloud"]);
    fireEvent.change(input, { target: { value: "Events" } });
    expect(input.value).toBe("Events");
  });
});

describe("the account page's log actions", () => {
  // Only a meeting has minutes: the call, e-mail and note forms must not ask for them (a filled "Summary" on a
  // call was sent and refused by the domain: "Only a meeting has minutes").
  it.each(accountQuickActions("acc-1", "mem-1").filter((a) => a.type === "LogActivity"))(
    "$label asks for minutes only for a meeting",
    (action) => {
      const variant = commandVariants(action.aggregate).find((v) => v.type === action.type)!;
      const qc = new QueryClient({ defaultOptions: { queries: { enabled: false, retry: false } } });
      render(
        <MantineProvider>
          <QueryClientProvider client={qc}>
            <CommandForm
              workspaceId="w1"
              variant={variant}
              record={null}
              currency="EUR"
              {...(action.prefill ? { prefill: action.prefill } : {})}
              {...(action.fixed ? { fixed: action.fixed } : {})}
              {...(action.labels ? { labels: action.labels } : {})}
            />
          </QueryClientProvider>
        </MantineProvider>,
      );
      const form = screen.getByRole("form", { name: commandTitle(variant) });
      const summary = within(form).queryAllByLabelText(/^Summary/);
      expect(summary.length > 0).toBe(action.prefill?.kind === "meeting");
      // What was said has a field a person recognises: a call's minutes (its body), a meeting's notes and its
      // attendees; never "Body".
      expect(within(form).queryAllByLabelText(/^Body/)).toHaveLength(0);
      const words = { call: /^Notes/, email: /^What it said/, meeting: /^Notes/, note: /^Note/ };
      expect(within(form).getAllByLabelText(words[action.prefill?.kind as keyof typeof words]).length).toBe(
        1,
      );
      if (action.prefill?.kind === "meeting")
        expect(within(form).getAllByLabelText(/^Attendees/).length).toBe(1);
    },
  );
});
