import { describe, expect, it } from "vitest";
import { analyse, briefCtx, receiveBrief } from "../../testing/brief.fixtures.ts";
import { accepted, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { present } from "../../testing/small-machines.fixtures.ts";
import { addHours } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { run } from "../kernel/machine.ts";
import { type BriefCommand, BriefCommandSchema, type BriefState, briefMachine } from "./brief.machine.ts";

const received = present(
  accepted(briefMachine.decide(briefMachine.initial, receiveBrief(), ctx())).reduce(
    briefMachine.evolve,
    briefMachine.initial as BriefState,
  ),
);

/** Runs the commands on the received brief, each with the deal and contract it names; throws on a refusal. */
function after(...commands: BriefCommand[]) {
  let state: BriefState = received;
  for (const [i, c] of commands.entries()) {
    const r = run(briefMachine, state, c, briefCtx(addHours(T0, i + 1), c));
    if (!r.ok) throw new Error(r.error.message);
    state = r.value.state as BriefState;
  }
  return present(state);
}
const decide = (state: BriefState, c: BriefCommand, contract?: "k1" | "k2") =>
  briefMachine.decide(state, c, briefCtx(addHours(T0, 9), c, contract));

const linkDeal = (d: string, reason?: string): BriefCommand =>
  reason === undefined
    ? { type: "LinkDeal", opportunityId: asId.opportunity(d) }
    : { type: "LinkDeal", opportunityId: asId.opportunity(d), reason };
const linkContract = (k: string, reason?: string): BriefCommand =>
  reason === undefined
    ? { type: "LinkContract", contractId: asId.contract(k) }
    : { type: "LinkContract", contractId: asId.contract(k), reason };

describe("a brief in the chain", () => {
  describe("linking the deal it leads to", () => {
    it("links a deal of the brief's account and records no previous one", () => {
      const r = accepted(decide(received, linkDeal("d1")));
      expect(r).toEqual([
        expect.objectContaining({
          type: "BriefDealLinked",
          opportunityId: "d1",
          previousOpportunityId: null,
          reason: null,
        }),
      ]);
      expect(after(linkDeal("d1")).opportunityId).toBe("d1");
    });

    it("refuses another account's deal, naming both accounts", () => {
      expect(refused(decide(received, linkDeal("d4")))).toMatchObject({
        _tag: "InvalidInput",
        field: "opportunityId",
        message: 'The deal "Globex deal" belongs to account globex; this brief is account acme\'s.',
      });
    });

    it("refuses a lost deal and a deal that is not there", () => {
      expect(refused(decide(received, linkDeal("d3"))).message).toBe(
        'The deal "Lost pitch" was lost: a brief cannot lead to it.',
      );
      expect(refused(decide(received, linkDeal("d9"))).message).toBe(
        "There is no deal d9 in this workspace.",
      );
    });

    it("refuses the same deal twice", () => {
      expect(refused(decide(after(linkDeal("d1")), linkDeal("d1"))).message).toBe(
        'This brief already leads to the deal "Spring launch".',
      );
    });

    it("replaces the deal only with a reason, kept with the one it replaced", () => {
      const linked = after(linkDeal("d1"));
      expect(refused(decide(linked, linkDeal("d2")))).toMatchObject({ _tag: "ReasonRequired" });
      expect(refused(decide(linked, linkDeal("d2", "  ")))).toMatchObject({ _tag: "ReasonRequired" });
      expect(accepted(decide(linked, linkDeal("d2", " the client moved it to summer ")))).toEqual([
        expect.objectContaining({
          opportunityId: "d2",
          previousOpportunityId: "d1",
          reason: "the client moved it to summer",
        }),
      ]);
    });

    it("refuses a deal other than the one its contract was made from", () => {
      const delivered = after(linkContract("k1"));
      expect(refused(decide(delivered, linkDeal("d2"), "k1")).message).toBe(
        'This brief is delivered under "Spring retainer", which was made from deal d1, not the deal "Summer launch".',
      );
      expect(accepted(decide(delivered, linkDeal("d1"), "k1"))).toHaveLength(1);
    });
  });

  describe("linking the contract it is delivered under", () => {
    it("links a contract of the account, made from the brief's deal", () => {
      const b = after(analyse, linkDeal("d1"), linkContract("k1"));
      expect([b.opportunityId, b.contractId, b.status]).toEqual(["d1", "k1", "in_analysis"]);
    });

    it("refuses a contract made from another deal than the brief's", () => {
      expect(refused(decide(after(linkDeal("d2")), linkContract("k1"))).message).toBe(
        'The contract "Spring retainer" was made from deal d1, but this brief leads to deal d2.',
      );
    });

    it("refuses another account's contract, a withdrawn one, and one that is not there", () => {
      expect(refused(decide(received, linkContract("k4"))).message).toContain("belongs to account globex");
      expect(refused(decide(received, linkContract("k3"))).message).toBe(
        'The contract "Withdrawn" was withdrawn: nothing is delivered under it.',
      );
      expect(refused(decide(received, linkContract("k9")))).toMatchObject({ field: "contractId" });
    });

    it("replaces the contract only with a reason", () => {
      const linked = after(linkContract("k2"));
      expect(refused(decide(linked, linkContract("k2"))).message).toContain("already delivered under");
      expect(refused(decide(linked, linkContract("k1")))).toMatchObject({ _tag: "ReasonRequired" });
      expect(accepted(decide(linked, linkContract("k1", "signed under the retainer")))).toEqual([
        expect.objectContaining({ contractId: "k1", previousContractId: "k2" }),
      ]);
    });
  });

  it("is not linked once rejected or closed", () => {
    const rejected = after({ type: "Reject", reason: "out of scope" });
    expect(refused(decide(rejected, linkDeal("d1")))).toMatchObject({ _tag: "TransitionNotAllowed" });
  });

  it("parses link commands strictly: unknown fields refused", () => {
    expect(BriefCommandSchema.safeParse({ type: "LinkDeal", opportunityId: "d1", amount: 5 }).success).toBe(
      false,
    );
    expect(BriefCommandSchema.safeParse({ type: "LinkContract", contractId: "k1" }).success).toBe(true);
  });
});
