import { z } from "zod";
import { text } from "../kernel/text.ts";

// The firm's service lines: what it sells (an agency's creative, media, social…; an IT firm's towers: service
// desk, infrastructure…). A workspace declares them in its settings (`serviceLines`); deals name one and
// contracts' towers are named after one. The catalog is offered, not imposed: a line written on a deal or a tower
// that the catalog lacks is kept, and reports say it is not in the catalog.

/** The name of a service line, as a deal, a tower and the catalog write it. */
export const ServiceLineNameSchema = text().trim().min(1, "a service line cannot be blank").max(100);

/** The key two spellings of one line share: trimmed, spaces collapsed, case folded ("Media " = "media"). */
export function serviceLineKey(line: string): string {
  return line.trim().replace(/\s+/g, " ").toLowerCase();
}

/** Whether a deal's or a tower's line is the line asked for, case and spacing aside ("media " is "Media"). */
export function isSameServiceLine(line: string | null | undefined, asked: string): boolean {
  return typeof line === "string" && serviceLineKey(line) === serviceLineKey(asked);
}

/** The workspace's catalog of service lines: each line once (case and spacing aside), in the order the firm lists them. */
export const ServiceLineCatalogSchema = z
  .array(ServiceLineNameSchema)
  .max(100, "at most 100 service lines")
  .superRefine((lines, ctx) => {
    const seen = new Map<string, number>();
    lines.forEach((line, i) => {
      const first = seen.get(serviceLineKey(line));
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          message: `"${line}" is listed twice (as line ${first + 1} too)`,
          path: [i],
        });
      else seen.set(serviceLineKey(line), i);
    });
  });

/** An agency's usual service lines. */
export const AGENCY_SERVICE_LINES = [
  "Strategy",
  "Creative",
  "Media",
  "Social",
  "Content",
  "Digital",
] as const;
/** An IT services firm's usual towers. */
export const IT_SERVICE_LINES = [
  "Service desk",
  "Workplace",
  "Infrastructure",
  "Cloud",
  "Network",
  "Security operations",
  "Application maintenance",
  "Data",
] as const;
/** A new workspace's catalog: an agency's lines, then an IT firm's towers (remove those the firm does not sell). */
export const DEFAULT_SERVICE_LINES: readonly string[] = [...AGENCY_SERVICE_LINES, ...IT_SERVICE_LINES];
