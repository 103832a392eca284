// One renderer for every command's form: the fields come from the command's zod schema (fields.ts), the input is
// parsed by that same schema before anything is sent, and a refusal comes back onto the form field by field
// (the schema's issues, or the API problem's `errors`); what no field claims shows above the buttons.

import {
  creationStages,
  OPPORTUNITY_TYPES,
  type OpportunityType,
  type Pipeline,
  pipelineForType,
  type WorkspaceSettings,
} from "@accountable/domain";
import {
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, errorText } from "../api/client.ts";
import { useWorkspace } from "../api/workspace.ts";
import { dateInWords, humanize, momentInWords } from "../ui/format.ts";
import { type CommandVariant, createdIdField } from "./aggregates.ts";
import { describeFields, type Field, pickerPlaceholder } from "./fields.ts";
import {
  type Draft,
  type DraftObject,
  type DraftOptions,
  draftOfFields,
  errorsFor,
  errorsOfIssues,
  errorsOfProblem,
  type FieldErrors,
  inputOfFields,
  newItem,
  type Prefill,
  unclaimedErrors,
} from "./form-values.ts";
import { type PickerScope, useChoices, useServiceLines } from "./pickers.ts";
import { type CommandResult, sendFormCommand } from "./send.ts";

/** "LogActivity" → "Log activity": a command's name as a button says it. */
export function commandTitle(variant: Pick<CommandVariant, "type">): string {
  const words = variant.type.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const newId = (): string => globalThis.crypto.randomUUID();

export interface CommandFormProps {
  readonly workspaceId: string;
  readonly variant: CommandVariant;
  /** The record the command acts on; null for a creation. */
  readonly record: {
    readonly id: string;
    readonly version: number;
    readonly state: Record<string, unknown>;
  } | null;
  /** Values the form opens with (by field name). */
  readonly prefill?: Prefill;
  /** Fields the page already knows and does not ask for (an account's id on its own page). */
  readonly fixed?: readonly string[];
  /**
   * Labels a hand-laid form gives fields instead of their names' ("Notes" for a call's `body`, "Attendees" for a
   * meeting's `contactIds`): a new user looked for the minutes and did not read "Body" as them.
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** Help lines a hand-laid form puts under fields, instead of their schema's (where a meeting's minutes go). */
  readonly descriptions?: Readonly<Record<string, string>>;
  /** The workspace's currency, for money fields. */
  readonly currency: string;
  readonly submitLabel?: string;
  /**
   * Whether to open with the checks the command passes when sent ("Checked when you send it: …"); an inline form
   * whose page has just said what it needs leaves them out.
   */
  readonly showGuards?: boolean;
  readonly onDone?: (result: CommandResult) => void;
  readonly onCancel?: () => void;
}

export function CommandForm(props: CommandFormProps) {
  const { variant, record, workspaceId } = props;
  const prefill = props.prefill ?? {};
  const idField = createdIdField(variant);
  const hidden = new Set([...(props.fixed ?? []), ...(idField ? [idField] : [])]);
  const fields = useMemo(() => describeFields(variant.schema), [variant]);
  const options: DraftOptions = { currency: props.currency, newId };
  const settings = useWorkspace(workspaceId).data?.state.settings as WorkspaceSettings | undefined;
  const newDeal = variant.aggregate === "opportunity" && variant.type === "CreateOpportunity";
  // A new deal opens as new business (the domain's first type) in the first stage its pipeline lets deals start in
  // (the domain's creationStages): a new user left both empty and was refused.
  const dealDefaults = (): Prefill => {
    if (!newDeal) return {};
    const type = stringOf(prefill.opportunityType) ?? OPPORTUNITY_TYPES[0];
    const pipeline = pipelineOfType(settings, type);
    const stage = stringOf(prefill.stageId) ?? (pipeline ? creationStages(pipeline)[0] : undefined);
    return { opportunityType: type, ...(stage ? { stageId: stage } : {}) };
  };
  const [draft, setDraft] = useState<DraftObject>(() =>
    draftOfFields(
      fields,
      { ...prefill, ...dealDefaults(), ...(idField ? { [idField]: newId() } : {}) },
      options,
    ),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const qc = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  // A refusal shows at its field, and the first field refused is scrolled into view (in a long dialog it sat out of
  // sight above the buttons).
  useEffect(() => {
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.scrollIntoView({ block: "center" });
  }, [errors]);
  // The workspace's settings may arrive after the form opened: the new deal's first stage is chosen then.
  const stageUnset = newDeal && !stringOf(draft.stageId) && !(props.fixed ?? []).includes("stageId");
  useEffect(() => {
    if (!stageUnset) return;
    const pipeline = pipelineOfType(settings, draft.opportunityType);
    const first = pipeline ? creationStages(pipeline)[0] : undefined;
    if (first) setDraft((d) => ({ ...d, stageId: first }));
  }, [stageUnset, settings, draft.opportunityType]);

  const send = useMutation({
    mutationFn: (command: { readonly type: string }) =>
      sendFormCommand({
        workspaceId,
        variant,
        id: record?.id ?? null,
        version: record?.version ?? null,
        command,
      }),
    onSuccess: async (result) => {
      await qc.invalidateQueries();
      props.onDone?.(result);
    },
    onError: (error) => {
      const problem = error instanceof ApiError ? error.problem : undefined;
      const byField = errorsOfProblem(problem?.errors);
      setErrors(byField);
      setFailure(errorText(error));
    },
  });

  // Fields the page fixes are sent as given; the id of a new record is kept from the first render.
  const accountId =
    stringOf(draft.accountId) ?? stringOf(prefill.accountId) ?? stringOf(record?.state.accountId) ?? null;
  // A new deal's pipeline is its type's: its stages are offered once the type is chosen.
  const dealPipeline = newDeal ? pipelineOfType(settings, draft.opportunityType) : undefined;
  const scope: PickerScope = {
    workspaceId,
    aggregate: variant.aggregate,
    accountId: accountId ?? (record && variant.aggregate === "account" ? record.id : null),
    pipelineId: newDeal ? (dealPipeline?.id ?? null) : (stringOf(record?.state.pipelineId) ?? null),
    record: record?.state ?? null,
    newDeal,
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const command = { type: variant.type, ...inputOfFields(fields, draft) };
    const parsed = variant.schema.safeParse(command);
    if (!parsed.success) {
      setErrors(errorsOfIssues(parsed.error.issues, (path) => fields.find((f) => f.name === path)?.label));
      return;
    }
    setErrors({});
    // The parsed value carries the schema's defaults; the input as typed is what the API parses again.
    send.mutate(command);
  }

  const set = (name: string, value: Draft) =>
    setDraft((d) => {
      const next = { ...d, [name]: value };
      // Choosing a new deal's type chooses its pipeline: the stage starts at the first one it lets deals start in
      // (the domain's default), unless the stage chosen is one of those.
      if (newDeal && name === "opportunityType" && !hidden.has("stageId")) {
        const pipeline = pipelineOfType(settings, value);
        const starts = pipeline ? creationStages(pipeline) : [];
        if (!starts.includes(stringOf(d.stageId) as never)) next.stageId = starts[0] ?? "";
      }
      return next;
    });
  const shown = fields
    .filter((f) => !hidden.has(f.name) && f.type.kind !== "newId")
    .map((f) => {
      const label = props.labels?.[f.name];
      const description = props.descriptions?.[f.name];
      return { ...f, ...(label ? { label } : {}), ...(description ? { description } : {}) };
    });
  const unclaimed = unclaimedErrors(
    fields.filter((f) => !hidden.has(f.name)),
    errors,
  );

  return (
    <form ref={formRef} onSubmit={submit} aria-label={commandTitle(variant)} noValidate>
      <Stack gap="sm">
        {variant.guards.length > 0 && props.showGuards !== false && (
          <Text size="sm" c="dimmed">
            {`Checked when you send it: ${variant.guards.join("; ")}.`}
          </Text>
        )}
        {shown.length === 0 && <Text size="sm">Nothing to fill in: confirm to {variant.label}.</Text>}
        {shown.map((f) => (
          <FieldInput
            key={f.name}
            field={f}
            value={draft[f.name]}
            onChange={(v) => set(f.name, v)}
            errors={errors}
            scope={scope}
            options={options}
          />
        ))}
        {(failure || unclaimed.length > 0) && (
          <Alert color="red" role="alert" title="Not done">
            {unclaimed.length > 0 ? unclaimed.join(" ") : failure}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          {props.onCancel && (
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={send.isPending}>
            {props.submitLabel ?? commandTitle(variant)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const stringOf = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The pipeline a deal of this type goes to (the domain's choice), once a type is chosen. */
function pipelineOfType(settings: WorkspaceSettings | undefined, type: unknown): Pipeline | undefined {
  const t = stringOf(type);
  return settings && t ? pipelineForType(settings, t as OpportunityType) : undefined;
}

interface FieldInputProps {
  readonly field: Field;
  readonly value: Draft | undefined;
  readonly onChange: (value: Draft) => void;
  readonly errors: FieldErrors;
  readonly scope: PickerScope;
  readonly options: DraftOptions;
  /** The path of this field with list indices ("lines.0.description"), for matching errors. */
  readonly at?: string;
}

function errorText1(field: Field, errors: FieldErrors, at: string | undefined): string | undefined {
  const mine = at
    ? Object.fromEntries(Object.entries(errors).filter(([p]) => p === at || p.startsWith(`${at}.`)))
    : errors;
  const list = errorsFor(
    field,
    at ? Object.fromEntries(Object.entries(mine).map(([p, m]) => [p.replace(at, field.path), m])) : mine,
  );
  return list.length > 0 ? list.join("; ") : undefined;
}

const str = (v: Draft | undefined): string => (typeof v === "string" ? v : "");

/** One field drawn by its kind. */
export function FieldInput(props: FieldInputProps) {
  const { field, value, onChange, scope, options } = props;
  const t = field.type;
  const error = errorText1(field, props.errors, props.at);
  // A new deal's stage defaults to its pipeline's first, but a deal is always in one: asked for, after its type.
  const dealStage = scope.newDeal === true && t.kind === "ref" && t.ref === "stage";
  const required = (!field.optional && !field.nullable) || dealStage;
  const common = {
    label: field.label,
    description: field.description,
    error,
    withAsterisk: required,
  };
  const choices = useChoices(t, scope, field.path);
  const serviceLines = useServiceLines(scope.workspaceId, t.kind === "text" && t.suggest === "serviceLines");

  switch (t.kind) {
    case "text":
      if (t.suggest === "serviceLines")
        return (
          <Autocomplete
            {...common}
            data={serviceLines}
            value={str(value)}
            onChange={(v) => onChange(v)}
            placeholder={serviceLines.length > 0 ? "One of the workspace's service lines" : undefined}
          />
        );
      return t.multiline ? (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxRows={10}
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      ) : (
        <TextInput
          {...common}
          type={t.email ? "email" : "text"}
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "number":
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "boolean":
      return (
        <Checkbox
          label={field.label}
          description={field.description}
          error={error}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      );
    case "enum":
      return (
        <Select
          {...common}
          data={t.options.map((o) => ({ value: o, label: humanize(o) }))}
          value={str(value) || null}
          clearable={!required}
          onChange={(v) => onChange(v ?? "")}
        />
      );
    case "date":
      return (
        <TextInput
          {...common}
          // The browser draws the field in its own locale ("06/30/2027" in an American one): the date chosen is
          // also said as every page says dates, so it cannot be misread.
          description={dateInWords(str(value)) ?? field.description}
          type="date"
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "datetime":
      return (
        <TextInput
          {...common}
          description={momentInWords(str(value)) ?? field.description}
          type="datetime-local"
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "currency":
      return (
        <TextInput
          {...common}
          maxLength={3}
          w={120}
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value.toUpperCase())}
        />
      );
    case "money": {
      const m =
        typeof value === "object" && value !== null && !Array.isArray(value)
          ? (value as Record<string, Draft>)
          : {};
      return (
        <Group align="flex-start" gap="xs" wrap="nowrap">
          <TextInput
            {...common}
            // The schema's own words ("integer minor units") are the API's: here one types the amount as written.
            description={
              field.description && !/minor units/.test(field.description)
                ? field.description
                : "As you would write it: 12000 or 12,000.50"
            }
            inputMode="decimal"
            placeholder="e.g. 12,000"
            style={{ flex: 1 }}
            value={str(m.amount)}
            onChange={(e) => onChange({ amount: e.currentTarget.value, currency: str(m.currency) })}
          />
          <TextInput
            label="Currency"
            aria-label={`${field.label} currency`}
            maxLength={3}
            w={90}
            value={str(m.currency)}
            onChange={(e) =>
              onChange({ amount: str(m.amount), currency: e.currentTarget.value.toUpperCase() })
            }
          />
        </Group>
      );
    }
    case "ref":
    case "part":
      return (
        <Select
          {...common}
          {...(dealStage && !scope.pipelineId
            ? { disabled: true, placeholder: "Choose the deal type first" }
            : { placeholder: pickerPlaceholder(t) })}
          searchable
          data={choices?.choices ?? []}
          nothingFoundMessage={choices?.loading ? "Loading…" : "Nothing found"}
          value={str(value) || null}
          clearable={!required}
          onChange={(v) => onChange(v ?? "")}
        />
      );
    case "list":
      return <ListInput {...props} error={error} />;
    case "group":
      return (
        <Fieldset legend={field.label}>
          <Stack gap="xs">
            {field.description && (
              <Text size="xs" c="dimmed">
                {field.description}
              </Text>
            )}
            {t.fields
              .filter((f) => f.type.kind !== "newId")
              .map((f) => {
                const obj = (
                  typeof value === "object" && value !== null && !Array.isArray(value) ? value : {}
                ) as DraftObject;
                return (
                  <FieldInput
                    key={f.name}
                    field={f}
                    value={obj[f.name]}
                    onChange={(v) => onChange({ ...obj, [f.name]: v })}
                    errors={props.errors}
                    scope={scope}
                    options={options}
                    {...(props.at ? { at: `${props.at}.${f.name}` } : {})}
                  />
                );
              })}
          </Stack>
        </Fieldset>
      );
    case "json":
      return (
        <Textarea
          {...common}
          description={field.description ?? "As JSON"}
          autosize
          minRows={3}
          maxRows={14}
          styles={{ input: { fontFamily: "monospace" } }}
          value={str(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "newId":
      return null;
  }
}

function ListInput(props: FieldInputProps & { readonly error: string | undefined }) {
  const { field, value, onChange, scope, options, error } = props;
  const t = field.type;
  const choices = useChoices(t, scope);
  if (t.kind !== "list") return null;
  const items = Array.isArray(value) ? (value as Draft[]) : [];
  const item = t.item;
  const required = !field.optional && !field.nullable;
  if (item.type.kind === "ref" || item.type.kind === "enum") {
    const data =
      item.type.kind === "enum"
        ? item.type.options.map((o) => ({ value: o, label: humanize(o) }))
        : (choices?.choices ?? []);
    return (
      <MultiSelect
        label={field.label}
        description={field.description}
        error={error}
        withAsterisk={required}
        searchable
        data={data}
        value={items.filter((i): i is string => typeof i === "string")}
        onChange={(v) => onChange(v)}
      />
    );
  }
  if (item.type.kind === "text") {
    return (
      <Textarea
        label={field.label}
        description={field.description ?? "One per line"}
        error={error}
        withAsterisk={required}
        autosize
        minRows={2}
        value={items.filter((i): i is string => typeof i === "string").join("\n")}
        onChange={(e) => onChange(e.currentTarget.value.split("\n"))}
      />
    );
  }
  return (
    <Fieldset legend={field.label}>
      <Stack gap="xs">
        {items.map((d, i) => (
          <Group key={i} align="flex-end" wrap="nowrap">
            <div style={{ flex: 1 }}>
              <FieldInput
                field={{ ...item, label: `${item.label} ${i + 1}` }}
                value={d}
                onChange={(v) => onChange(items.map((x, j) => (j === i ? v : x)))}
                errors={props.errors}
                scope={scope}
                options={options}
                at={`${(props.at ?? field.path).replace(/\.\*$/, "")}.${i}`}
              />
            </div>
            <Button variant="subtle" color="red" onClick={() => onChange(items.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </Group>
        ))}
        {error && (
          <Text size="sm" c="red">
            {error}
          </Text>
        )}
        <Button variant="light" onClick={() => onChange([...items, newItem(item, options)])}>
          Add {item.label.toLowerCase()}
        </Button>
      </Stack>
    </Fieldset>
  );
}
