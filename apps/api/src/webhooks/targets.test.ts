import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../config.ts";
import { checkUrl, parseAllowList, refusalOfAddress, vetTarget } from "./targets.ts";

describe("checkUrl", () => {
  it.each([
    "https://example.com/hooks/accountable",
    "http://hooks.example.com:8080/x?y=1",
    "https://93.184.216.34/hook",
    "https://[2606:4700:4700::1111]/hook",
    "https://bücher.example/hook",
  ])("lets a public target through: %s", (url) => {
    expect(checkUrl(url)).toMatchObject({ ok: true });
  });

  it("judges an IPv4-mapped IPv6 address as the IPv4 address it carries", () => {
    expect(refusalOfAddress("::ffff:8.8.8.8")).toBeNull();
    expect(refusalOfAddress("::ffff:10.1.2.3")).toMatch(/IPv4 address 10\.1\.2\.3\) is a private address/);
  });
});

describe("the allow-list (WEBHOOK_ALLOWED_HOSTS)", () => {
  it("reads addresses, CIDR ranges and names, comma- or space-separated", () => {
    const list = parseAllowList(" 127.0.0.1, ::1 10.20.0.0/16,[fd00::1] Receiver.Internal. ");
    expect([...list.hosts]).toEqual(["receiver.internal"]);
    expect(list.ranges.map(([a, bits]) => `${a.toString()}/${bits}`)).toEqual([
      "127.0.0.1/32",
      "::1/128",
      "10.20.0.0/16",
      "fd00::1/128",
    ]);
  });

  it.each(["10.0.0.0/99", "not a host!", "127.1", "-dash.example"])("refuses %s, naming it", (entry) => {
    expect(() => parseAllowList(entry)).toThrow(/is (neither|not)/);
  });

  it("opens what it lists and nothing else; never a metadata service, user info or an odd spelling", () => {
    const allowed = parseAllowList("10.20.0.0/16,169.254.0.0/16,receiver.internal,127.0.0.1");
    expect(checkUrl("http://10.20.3.4/", allowed).ok).toBe(true);
    expect(checkUrl("http://10.21.3.4/", allowed).ok).toBe(false);
    expect(checkUrl("http://receiver.internal/", allowed).ok).toBe(true);
    expect(checkUrl("http://other.internal/", allowed).ok).toBe(false);
    expect(checkUrl("http://169.254.169.254/", allowed)).toMatchObject({ ok: false, reason: /metadata/ });
    expect(checkUrl("http://169.254.10.10/", allowed).ok).toBe(true);
    expect(checkUrl("http://u:p@127.0.0.1/", allowed)).toMatchObject({ ok: false, reason: /user info/ });
    expect(checkUrl("http://2130706433/", allowed)).toMatchObject({ ok: false, reason: /another form/ });
  });

  it("lets a listed name resolve inside, but not to a metadata service", async () => {
    const allowed = parseAllowList("receiver.internal");
    const to = (address: string) => ({ allowed, resolve: async () => [{ address, family: 4 }] });
    expect((await vetTarget("http://receiver.internal/", to("10.9.8.7"))).ok).toBe(true);
    expect(await vetTarget("http://receiver.internal/", to("169.254.169.254"))).toMatchObject({
      ok: false,
      reason: /metadata/,
    });
  });

  it("stops the server with a sentence naming the variable when an entry is wrong", () => {
    expect(() =>
      readConfig({
        ACCOUNTABLE_DATA_DIR: "/tmp/unused",
        AUTH_SECRET: "x".repeat(32),
        WEBHOOK_ALLOWED_HOSTS: "10.0.0.0/40",
      }),
    ).toThrow(ConfigError);
    expect(() =>
      readConfig({
        ACCOUNTABLE_DATA_DIR: "/tmp/unused",
        AUTH_SECRET: "x".repeat(32),
        WEBHOOK_ALLOWED_HOSTS: "10.0.0.0/40",
      }),
    ).toThrow(/WEBHOOK_ALLOWED_HOSTS: "10.0.0.0\/40" is not a CIDR range/);
  });
});
