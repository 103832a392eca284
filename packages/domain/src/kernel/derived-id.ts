// Ids the domain derives (a renewal deal, a milestone's invoice, a retainer period's invoice) are built from the
// ids they follow from, so that running a policy twice names the same record and the second creation is refused
// as a duplicate instead of making another. An id holds at most 128 characters; a longer derivation keeps its
// start and ends with a hash of the whole, still the same every time.

const MAX = 128;

/** FNV-1a, 64 bits, as 16 hex digits: deterministic, no randomness, enough to tell long derivations apart. */
function fnv1a64(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

/** The parts joined with "."; at most 128 characters (a longer one is cut and ends with a hash of the whole). */
export function derivedId(...parts: readonly string[]): string {
  const whole = parts.join(".");
  if (whole.length <= MAX) return whole;
  const hash = fnv1a64(whole);
  return `${whole.slice(0, MAX - hash.length - 1)}.${hash}`;
}
