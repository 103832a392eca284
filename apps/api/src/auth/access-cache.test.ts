import type { AccessChange } from "@accountable/store";
import { describe, expect, it } from "vitest";
import { createAccessCache } from "./access-cache.ts";

/** A feed the test speaks through, as the store's would after a trigger fired. */
function feed() {
  let listener: ((change: AccessChange) => void) | undefined;
  return {
    watch: async (l: (change: AccessChange) => void) => {
      listener = l;
      l("ready");
      return async () => {};
    },
    say: (change: AccessChange) => listener?.(change),
  };
}

function counting(value: string) {
  let calls = 0;
  return {
    lookup: async () => {
      calls++;
      return value;
    },
    calls: () => calls,
  };
}

describe("the access cache", () => {
  it("answers a kept value without looking it up again", async () => {
    const f = feed();
    const cache = createAccessCache<string>({ watch: f.watch });
    const l = counting("admin");
    await cache.get("k", l.lookup);
    await cache.get("k", l.lookup);
    await cache.get("k", l.lookup);
    expect(l.calls()).toBe(1);
  });

  it("looks up again after the feed says something changed", async () => {
    const f = feed();
    const cache = createAccessCache<string>({ watch: f.watch });
    const l = counting("admin");
    await cache.get("k", l.lookup);
    await cache.get("k", l.lookup);
    f.say("changed");
    await cache.get("k", l.lookup);
    expect(l.calls()).toBe(2);
  });

  it("keeps nothing while the feed is lost, and keeps again once it is back", async () => {
    const f = feed();
    const cache = createAccessCache<string>({ watch: f.watch });
    const l = counting("admin");
    await cache.get("k", l.lookup);
    f.say("lost");
    await cache.get("k", l.lookup);
    await cache.get("k", l.lookup);
    expect(l.calls()).toBe(3);
    f.say("ready");
    await cache.get("k", l.lookup);
    await cache.get("k", l.lookup);
    expect(l.calls()).toBe(4);
  });

  it("does not keep an answer read while a change happened", async () => {
    const f = feed();
    const cache = createAccessCache<string>({ watch: f.watch });
    await cache.get("warm", async () => "x");
    let release: (v: string) => void = () => {};
    const slow = cache.get("k", () => new Promise<string>((r) => (release = r)));
    f.say("changed");
    release("before the change");
    expect(await slow).toBe("before the change");
    const l = counting("after the change");
    expect(await cache.get("k", l.lookup)).toBe("after the change");
    expect(l.calls()).toBe(1);
  });

  it("looks up again when forgotten by this process", async () => {
    const f = feed();
    const cache = createAccessCache<string>({ watch: f.watch });
    const l = counting("admin");
    await cache.get("k", l.lookup);
    await cache.get("k", l.lookup);
    cache.forget();
    await cache.get("k", l.lookup);
    expect(l.calls()).toBe(2);
  });
});
