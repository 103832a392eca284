// A Mantine table of records with named columns: the one shape every list on the account page takes.
import { Table, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** A column: its header, what a row shows in it, and whether it holds amounts (right-aligned). */
export type Column<T> = readonly [header: string, cell: (row: T) => ReactNode, align?: "right"];

export function RecordTable<T extends { readonly id: string }>(props: {
  readonly label: string;
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly empty: string;
}) {
  if (props.rows.length === 0) return <Text c="dimmed">{props.empty}</Text>;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped highlightOnHover aria-label={props.label}>
        <Table.Thead>
          <Table.Tr>
            {props.columns.map(([header, , align]) => (
              <Table.Th key={header} ta={align}>
                {header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((row) => (
            <Table.Tr key={row.id}>
              {props.columns.map(([header, cell, align]) => (
                <Table.Td key={header} ta={align}>
                  {cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
