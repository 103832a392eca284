// The client report as Markdown (GitHub-flavoured tables), from the document model shared with the HTML
// renderer. Text from the records is escaped so a subject like "Q3 *final* | v2" prints as written.
import type { Redacted } from "@accountable/domain";
import type { ClientReport } from "../queries/client-report.ts";
import { clientReportDocument, type ReportBlock, type ReportDocument } from "./client-report-document.ts";

/** Escapes the characters Markdown would read as markup; line breaks become spaces. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/([\\`*_{}[\]<>#|!~])/g, "\\$1")
    .replace(/^(\s*)([-+]|\d+\.)(\s)/, "$1\\$2$3");
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case "paragraph":
      return escapeMarkdown(b.text);
    case "subheading":
      return `### ${escapeMarkdown(b.text)}`;
    case "list":
      return b.items.map((i) => `- ${escapeMarkdown(i)}`).join("\n");
    case "facts":
      return b.facts.map(([k, v]) => `- **${escapeMarkdown(k)}:** ${escapeMarkdown(v)}`).join("\n");
    case "table": {
      const numeric = new Set(b.numeric ?? []);
      const row = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(" | ")} |`;
      const rule = `|${b.header.map((_, i) => (numeric.has(i) ? " ---: " : " --- ")).join("|")}|`;
      return [row(b.header), rule, ...b.rows.map(row)].join("\n");
    }
  }
}

/** Renders a report document as Markdown. */
export function renderDocumentMarkdown(doc: ReportDocument): string {
  const parts = [`# ${escapeMarkdown(doc.title)}`, `_${escapeMarkdown(doc.subtitle)}_`];
  for (const section of doc.sections) {
    parts.push(`## ${escapeMarkdown(section.heading)}`);
    for (const b of section.blocks) parts.push(block(b));
  }
  return `${parts.join("\n\n")}\n`;
}

/** The client report an account executive sends, as Markdown. */
export function renderClientReportMarkdown(report: Redacted<ClientReport>): string {
  return renderDocumentMarkdown(clientReportDocument(report));
}
