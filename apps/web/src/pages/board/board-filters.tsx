// The board's filters: pipeline, owner, deal type and close period. They live in the address (see routes.tsx).
import { OPPORTUNITY_TYPES } from "@accountable/domain";
import { Group, MultiSelect, Select } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import type { Member, Pipeline } from "../../api/workspace.ts";
import { humanize } from "../../ui/format.ts";

export interface FilterValues {
  readonly pipelineId: string | undefined;
  readonly ownerId: string | undefined;
  readonly types: readonly string[];
  readonly from: string | undefined;
  readonly to: string | undefined;
}

export function BoardFilters(props: {
  readonly pipelines: readonly Pipeline[];
  readonly members: readonly Member[];
  readonly values: FilterValues;
  readonly onChange: (next: Partial<FilterValues>) => void;
}) {
  const { pipelines, members, values, onChange } = props;
  return (
    <Group align="end" gap="sm" wrap="wrap" role="search" aria-label="Filter the board">
      {pipelines.length > 1 && (
        <Select
          label="Pipeline"
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={values.pipelineId ?? null}
          allowDeselect={false}
          onChange={(v) => onChange({ pipelineId: v ?? undefined })}
          w={200}
        />
      )}
      <Select
        label="Owner"
        placeholder="Anyone"
        data={members.map((m) => ({ value: m.id, label: m.name }))}
        value={values.ownerId ?? null}
        onChange={(v) => onChange({ ownerId: v ?? undefined })}
        clearable
        searchable
        w={200}
      />
      <MultiSelect
        label="Type"
        placeholder={values.types.length === 0 ? "Any type" : undefined}
        data={OPPORTUNITY_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
        value={[...values.types]}
        onChange={(v) => onChange({ types: v })}
        clearable
        w={260}
      />
      <DatePickerInput
        type="range"
        label="Close period"
        placeholder="Any date"
        value={[values.from ?? null, values.to ?? null]}
        onChange={([from, to]) => onChange({ from: from ?? undefined, to: to ?? undefined })}
        clearable
        allowSingleDateInRange
        valueFormat="D MMM YYYY"
        w={260}
      />
    </Group>
  );
}
