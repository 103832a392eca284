import { randomBytes } from "node:crypto";

/** A readable id from a name: "Acme GmbH — 2027" → "acme-gmbh-2027" (ids allow letters, digits, _ . : -). */
export function slugify(text: string, fallback = "item"): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return slug || fallback;
}

/**
 * A new record's id when the user gives none: the name's slug and four random characters, so two deals both
 * called "Renewal" do not collide while the id stays easy to type.
 */
export function newId(name: string, fallback: string): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  const suffix = [...randomBytes(4)].map((b) => alphabet[b % alphabet.length]).join("");
  return `${slugify(name, fallback)}-${suffix}`;
}
