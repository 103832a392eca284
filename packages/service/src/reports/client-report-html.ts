// The client report as one standalone HTML page (no scripts, no external files) with a print stylesheet, from
// the document model shared with the Markdown renderer. Every piece of text is escaped.
import type { Redacted } from "@accountable/domain";
import type { ClientReport } from "../queries/client-report.ts";
import { clientReportDocument, type ReportBlock, type ReportDocument } from "./client-report-document.ts";

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; margin: 2.5rem auto; max-width: 60rem; padding: 0 1.5rem; }
header { border-bottom: 3px solid #1d2430; margin-bottom: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
.subtitle { color: #5b6475; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #d6dae1; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e6e9ee; vertical-align: top; }
th { font-weight: 600; background: #f4f6f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1.5rem; margin: .4rem 0 1rem; }
dt { color: #5b6475; } dd { margin: 0; font-variant-numeric: tabular-nums; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { font-size: 10.5pt; margin: 0; max-width: none; padding: 0; color: #000; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table, dl, ul { break-inside: auto; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; border-bottom: 1.5px solid #000; }
}
`.trim();

function block(b: ReportBlock): string {
  switch (b.kind) {
    case "paragraph":
      return `<p>${escapeHtml(b.text)}</p>`;
    case "subheading":
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
    case "facts":
      return `<dl>${b.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`;
    case "table": {
      const numeric = new Set(b.numeric ?? []);
      const cls = (i: number) => (numeric.has(i) ? ' class="num"' : "");
      const head = b.header.map((h, i) => `<th scope="col"${cls(i)}>${escapeHtml(h)}</th>`).join("");
      const rows = b.rows
        .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join("")}</tr>`)
        .join("\n");
      return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
    }
  }
}

/** Renders a report document as a standalone, printable HTML page. */
export function renderDocumentHtml(doc: ReportDocument, lang = "en"): string {
  const sections = doc.sections
    .map((s) => `<section>\n<h2>${escapeHtml(s.heading)}</h2>\n${s.blocks.map(block).join("\n")}\n</section>`)
    .join("\n");
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>
${STYLE}
</style>
</head>
<body>
<header>
<h1>${escapeHtml(doc.title)}</h1>
<p class="subtitle">${escapeHtml(doc.subtitle)}</p>
</header>
<main>
${sections}
</main>
</body>
</html>
`;
}

/** The client report an account executive sends, as a standalone printable HTML page. */
export function renderClientReportHtml(report: Redacted<ClientReport>): string {
  return renderDocumentHtml(clientReportDocument(report));
}
