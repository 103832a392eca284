import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { listeningOrigins, readConfig } from "./config.ts";

const secret = {
  AUTH_SECRET: "config-test-secret-0123456789-abcdefgh",
  DATABASE_URL: "postgres://x@127.0.0.1/db",
};

describe("the origins sign-in trusts", () => {
  it("without PUBLIC_URL: every loopback address of the listening port, whichever the server prints", () => {
    expect(readConfig({ ...secret, PORT: "3000" }).trustedOrigins).toEqual([
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
    ]);
  });

  it("PUBLIC_URL says otherwise: its origin alone", () => {
    expect(
      readConfig({ ...secret, PORT: "3000", PUBLIC_URL: "https://crm.example.test/app/" }).trustedOrigins,
    ).toEqual(["https://crm.example.test"]);
  });

  it("listening on one other address adds it (IPv6 in brackets)", () => {
    expect(listeningOrigins("192.0.2.10", 8080, {})).toContain("http://192.0.2.10:8080");
    expect(listeningOrigins("2001:db8::5", 8080, {})).toContain("http://[2001:db8::5]:8080");
    expect(listeningOrigins("127.0.0.1", 8080, {})).toHaveLength(3);
  });

  it("listening on every interface adds each address of the machine, but no link-local IPv6 (it needs a zone)", () => {
    const common = { netmask: "", mac: "00:00:00:00:00:00", internal: false, cidr: null };
    const v4 = (address: string): NetworkInterfaceInfo => ({ ...common, address, family: "IPv4" });
    const v6 = (address: string): NetworkInterfaceInfo => ({
      ...common,
      address,
      family: "IPv6",
      scopeid: 0,
    });
    const origins = listeningOrigins("0.0.0.0", 3000, {
      eth0: [v4("10.1.2.3"), v6("fe80::1"), v6("2001:db8::7")],
    });
    expect(origins).toEqual([
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
      "http://10.1.2.3:3000",
      "http://[2001:db8::7]:3000",
    ]);
  });
});
