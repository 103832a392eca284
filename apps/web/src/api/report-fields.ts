// Reading report bodies. The OpenAPI document answers every report as a loose object for now (typed response
// schemas are on their way; the client then types these bodies and the readers below become plain property
// reads). Until then a page names the field it wants and the domain type of what it holds; a missing or
// malformed field reads as empty instead of breaking the page. No report type is restated here.
import type { Result } from "@accountable/domain";

type Loose = Readonly<Record<string, unknown>> | null | undefined;

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The object at `key`, or undefined. */
export function objectAt<T extends object>(report: Loose, key: string): T | undefined {
  const v = report?.[key];
  return isObject(v) ? (v as T) : undefined;
}

/** The array at `key`, or an empty one. */
export function listAt<T>(report: Loose, key: string): readonly T[] {
  const v = report?.[key];
  return Array.isArray(v) ? (v as T[]) : [];
}

/** The string at `key`, or undefined. */
export function textAt(report: Loose, key: string): string | undefined {
  const v = report?.[key];
  return typeof v === "string" ? v : undefined;
}

/** The number at `key` (null when absent or not a number). */
export function numberAt(report: Loose, key: string): number | null {
  const v = report?.[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** A domain `Result` at `key` (health and P&L are refusals when an amount has no rate), or undefined. */
export function resultAt<T, E>(report: Loose, key: string): Result<T, E> | undefined {
  const v = objectAt<{ ok?: unknown }>(report, key);
  return v && typeof v.ok === "boolean" ? (v as unknown as Result<T, E>) : undefined;
}
