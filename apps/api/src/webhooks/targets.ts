// Where a webhook may be delivered: somewhere on the public internet, never inside the network the server runs
// in (server-side request forgery). Checked when a subscription is made and again before every delivery, after
// the name is resolved — every address it resolves to — and the delivery then connects to the address that was
// checked (see transport.ts), so a name that resolves elsewhere a moment later (DNS rebinding) changes nothing.
//
// Refused: URLs with user info; IPv4 addresses spelled other than as four decimal numbers (integer, hex, octal,
// short forms); names of this machine or the local network (localhost, a name without a dot, .local, .internal,
// .home.arpa, .localdomain); cloud metadata services (by name and by address); and every address that is not
// public unicast by ipaddr.js's table of special-purpose ranges (loopback, private, link-local, unique-local,
// multicast, unspecified, carrier-grade NAT, reserved, documentation, benchmarking, 6to4, Teredo, NAT64…) —
// IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry, and IPv6 outside 2000::/3 (the only
// block IANA hands out as global unicast) is refused too.
//
// WEBHOOK_ALLOWED_HOSTS lets a developer or a test reach a receiver inside: addresses, CIDR ranges and host
// names listed there pass the rules above. Metadata services, user info and odd spellings never do.
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Resolves a host name to every address it has (the seam tests use to make a name resolve inside). */
export type Resolve = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

/** The operating system's resolver (what a connection would use), every address of the name. */
export const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** What may be reached although it is inside (WEBHOOK_ALLOWED_HOSTS). */
export interface AllowList {
  readonly hosts: ReadonlySet<string>;
  readonly ranges: readonly (readonly [Address, number])[];
  /** The list as given, for messages. */
  readonly text: string;
}

export const NOTHING_ALLOWED: AllowList = { hosts: new Set(), ranges: [], text: "" };

/** The rules a delivery's target is checked by. */
export interface WebhookTargets {
  readonly allowed: AllowList;
  readonly resolve: Resolve;
}

export const DEFAULT_TARGETS: WebhookTargets = { allowed: NOTHING_ALLOWED, resolve: systemResolve };

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Reads WEBHOOK_ALLOWED_HOSTS: comma- or space-separated addresses (`127.0.0.1`, `::1`), CIDR ranges
 * (`10.20.0.0/16`) and host names (`localhost`, `receiver.internal`). Throws a RangeError naming a bad entry.
 */
export function parseAllowList(text: string | undefined): AllowList {
  const entries = (text ?? "")
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase().replace(/\.$/, ""))
    .filter((e) => e !== "");
  const hosts = new Set<string>();
  const ranges: (readonly [Address, number])[] = [];
  for (const entry of entries) {
    const bare = entry.replace(/^\[(.*)\]$/, "$1");
    if (entry.includes("/")) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        throw new RangeError(`"${entry}" is not a CIDR range such as 10.20.0.0/16`);
      }
    } else if (ipaddr.IPv6.isValid(bare) || ipaddr.IPv4.isValidFourPartDecimal(bare)) {
      const address = ipaddr.parse(bare);
      ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else if (HOST_NAME.test(entry) && !/^[0-9.]+$/.test(entry)) hosts.add(entry);
    else throw new RangeError(`"${entry}" is neither an address, a CIDR range nor a host name`);
  }
  return { hosts, ranges, text: entries.join(",") };
}

/**
 * Cloud metadata services, by name: never a webhook receiver, whatever the allow-list says. Their addresses
 * are in ranges refused anyway (link-local, unique-local, carrier-grade NAT, reserved) and are listed below
 * so that allowing such a range for a local receiver does not open them.
 */
const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.tencentyun.com",
]);
const METADATA_ADDRESSES = new Set([
  "169.254.169.254", // AWS, GCP, Azure, DigitalOcean, OpenStack…
  "169.254.170.2", // AWS ECS task metadata
  "fd00:ec2::254", // AWS over IPv6
  "100.100.100.200", // Alibaba Cloud
  "192.0.0.192", // Oracle Cloud
]);

/** Names of this machine or of the local network, by their last label (RFC 6761, 6762, 8375; ICANN's .internal). */
const LOCAL_SUFFIXES = ["localhost", "local", "internal", "home.arpa", "localdomain"];

const RANGE_WORDS: Readonly<Record<string, string>> = {
  unspecified: "an unspecified address (it means this machine)",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address (this machine)",
  private: "a private address",
  uniqueLocal: "a unique-local address (a private IPv6 network)",
  carrierGradeNat: "a carrier-grade NAT address",
  reserved: "a reserved or documentation address",
  benchmarking: "a benchmarking address",
  as112: "an AS112 address",
  amt: "an AMT address",
  "6to4": "a 6to4 address (it carries an IPv4 address)",
  teredo: "a Teredo address (it carries an IPv4 address)",
  rfc6052: "a NAT64 address (it carries an IPv4 address)",
  rfc6145: "an IPv4-translated address",
  discard: "a discard-only address",
  orchid2: "an ORCHIDv2 address",
  deprecated: "a deprecated address",
};

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR("2000::/3");

function within(address: Address, [base, bits]: readonly [Address, number]): boolean {
  if (address instanceof ipaddr.IPv4 && base instanceof ipaddr.IPv4) return address.match(base, bits);
  if (address instanceof ipaddr.IPv6 && base instanceof ipaddr.IPv6) return address.match(base, bits);
  return false;
}

/** What an address is when it may not be reached (`shown` names it, `what` says why), or null. */
function classify(text: string, allowed: AllowList): { shown: string; what: string } | null {
  let address: Address;
  try {
    address = ipaddr.parse(text.replace(/^\[(.*)\]$/, "$1"));
  } catch {
    return { shown: text, what: "not an IP address" };
  }
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) reaches the IPv4 address it carries.
  const mapped = address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress();
  const effective = address instanceof ipaddr.IPv6 && mapped ? address.toIPv4Address() : address;
  const shown = mapped ? `${text} (the IPv4 address ${effective.toString()})` : text;
  if (METADATA_ADDRESSES.has(effective.toString())) return { shown, what: METADATA };
  if (allowed.ranges.some((r) => within(effective, r))) return null;
  const range = effective.range();
  if (range !== "unicast")
    return { shown, what: RANGE_WORDS[range] ?? `a special-purpose address (${range})` };
  if (effective instanceof ipaddr.IPv6 && !effective.match(GLOBAL_UNICAST))
    return { shown, what: "outside IPv6's global unicast range (2000::/3)" };
  return null;
}

const METADATA = "a cloud metadata service";

/** Why connecting to `text` (an address) is refused, or null when it may be reached. */
export function refusalOfAddress(text: string, allowed: AllowList = NOTHING_ALLOWED): string | null {
  const c = classify(text, allowed);
  return c && `${c.shown} is ${c.what}`;
}

/** The URL's host as written (after the scheme's `//`, before the port), or null when there is no `//`. */
function writtenHost(text: string): { authority: string; host: string } | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i.exec(text);
  if (!m) return null;
  const authority = m[1]!;
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const host = hostPort.startsWith("[")
    ? hostPort.slice(0, hostPort.indexOf("]") + 1)
    : hostPort.replace(/:\d*$/, "");
  return { authority, host: host.toLowerCase().replace(/\.$/, "") };
}

/** A URL that passed the rules that need no DNS: its parsed form and its host. */
export interface CheckedUrl {
  readonly url: URL;
  /** The host name, or the IP address (IPv6 without brackets), lower case, no trailing dot. */
  readonly host: string;
  readonly isAddress: boolean;
}

/** The rules that need no DNS: a refusal (why, in words), or the URL to resolve and deliver to. */
export function checkUrl(
  text: string,
  allowed: AllowList = NOTHING_ALLOWED,
): { ok: true; value: CheckedUrl } | { ok: false; reason: string } {
  const refuse = (reason: string) => ({ ok: false as const, reason });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse("it is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return refuse("only http and https URLs are delivered to");
  const written = writtenHost(text.trim());
  if (!written) return refuse("write the URL as http(s)://host/path");
  // Programs disagree on what a backslash means in a URL (a path separator to some, part of the host to others).
  if (text.includes("\\")) return refuse("a webhook URL may not contain a backslash");
  if (url.username || url.password || written.authority.includes("@"))
    return refuse("a webhook URL may not carry user info (a name or password before the host)");
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) {
    const address = host.slice(1, -1);
    const refused = refusalOfAddress(address, allowed);
    return refused ? refuse(refused) : { ok: true, value: { url, host: address, isAddress: true } };
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) {
    // The URL parser reads 2130706433, 0x7f.1, 0177.0.0.1 and 127.1 as 127.0.0.1: such spellings hide where a
    // URL leads, so only the plain one is accepted.
    if (written.host !== host)
      return refuse(`${written.host} is an IPv4 address spelled in another form: write it as ${host}`);
    const refused = refusalOfAddress(host, allowed);
    return refused ? refuse(refused) : { ok: true, value: { url, host, isAddress: true } };
  }
  if (METADATA_NAMES.has(host)) return refuse(`${host} is ${METADATA}`);
  if (!allowed.hosts.has(host)) {
    const local = LOCAL_SUFFIXES.find((s) => host === s || host.endsWith(`.${s}`));
    if (local) return refuse(`${host} is a name of this machine or its local network (.${local})`);
    if (!host.includes("."))
      return refuse(`${host} has no domain: a name without a dot is local to this network`);
  }
  return { ok: true, value: { url, host, isAddress: false } };
}

/** A target that passed every rule: where to connect, and to which address. */
export interface VettedTarget extends CheckedUrl {
  /** The addresses the host resolved to (the literal, for an address), every one of them checked. */
  readonly addresses: readonly { readonly address: string; readonly family: 4 | 6 }[];
}

export type Vetting =
  | { readonly ok: true; readonly value: VettedTarget }
  /** `unresolved`: the name did not resolve (try again later); otherwise the target is refused. */
  | { readonly ok: false; readonly reason: string; readonly unresolved: boolean };

/** Every rule, with DNS: the URL's own, then each address its host resolves to. */
export async function vetTarget(text: string, targets: WebhookTargets = DEFAULT_TARGETS): Promise<Vetting> {
  const checked = checkUrl(text, targets.allowed);
  if (!checked.ok) return { ok: false, reason: checked.reason, unresolved: false };
  const { host, isAddress } = checked.value;
  if (isAddress)
    return {
      ok: true,
      value: { ...checked.value, addresses: [{ address: host, family: host.includes(":") ? 6 : 4 }] },
    };
  let resolved: readonly { address: string; family: number }[];
  try {
    resolved = await targets.resolve(host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { ok: false, reason: `${host} could not be resolved (${code})`, unresolved: true };
  }
  if (resolved.length === 0) return { ok: false, reason: `${host} resolves to no address`, unresolved: true };
  const nameAllowed = targets.allowed.hosts.has(host);
  for (const { address } of resolved) {
    const refused = classify(address, targets.allowed);
    // A name on the allow-list may resolve inside (that is what listing it means), but never to a metadata service.
    if (refused && !(nameAllowed && refused.what !== METADATA))
      return {
        ok: false,
        reason: `${host} resolves to ${refused.shown}, ${refused.what}`,
        unresolved: false,
      };
  }
  return {
    ok: true,
    value: {
      ...checked.value,
      addresses: resolved.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 })),
    },
  };
}
