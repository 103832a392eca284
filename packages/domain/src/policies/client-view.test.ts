import { describe, expect, it } from "vitest";
import { type Activity, ActivitySchema } from "../entities/activity.ts";
import { ContractSchema } from "../entities/contract.ts";
import {
  ClientContractSchema,
  clientViewOfActivity,
  clientViewOfContract,
  isActivityForClient,
  isTaskForClient,
} from "./client-view.ts";

const activity = (overrides: Partial<Activity>): Activity =>
  ActivitySchema.parse({
    id: "act1",
    accountId: "acme",
    opportunityId: null,
    contractId: null,
    kind: "call",
    subject: "Weekly call",
    body: "They may cut the budget",
    authorId: "m-ae",
    contactIds: [],
    at: "2026-10-01T10:00:00.000Z",
    status: "done",
    done: true,
    direction: null,
    minutes: null,
    ...overrides,
  });

describe("client view", () => {
  describe("of an activity", () => {
    it("leaves an internal note out", () => {
      expect(clientViewOfActivity(activity({ kind: "note", visibility: "internal" }))).toBeNull();
    });

    it("leaves out a note stored before notes had a visibility", () => {
      const { visibility: _, ...old } = activity({ kind: "note" });
      expect(clientViewOfActivity(ActivitySchema.parse(old))).toBeNull();
    });

    it("shows a note marked for the client, body and all", () => {
      const note = activity({ kind: "note", visibility: "client", body: "Launch moved to May" });
      expect(clientViewOfActivity(note)).toEqual(note);
    });

    it("lists a call with the client but keeps the team's note on it", () => {
      const call = clientViewOfActivity(activity({ kind: "call", visibility: "internal" }));
      expect(call).toMatchObject({ kind: "call", subject: "Weekly call", body: null });
    });

    it("keeps the body of a meeting marked for the client", () => {
      const meeting = activity({ kind: "meeting", visibility: "client", body: "Agenda: Q1" });
      expect(clientViewOfActivity(meeting)?.body).toBe("Agenda: Q1");
    });

    it("agrees with isActivityForClient for every kind and visibility", () => {
      for (const kind of ["call", "email", "meeting", "note"] as const)
        for (const visibility of ["internal", "client"] as const)
          expect(clientViewOfActivity(activity({ kind, visibility })) !== null).toBe(
            isActivityForClient({ kind, visibility }),
          );
    });
  });

  it("shows the client a task only when it was agreed with them", () => {
    expect(isTaskForClient({ agreedWithClient: true })).toBe(true);
    expect(isTaskForClient({ agreedWithClient: false })).toBe(false);
  });

  it("shows a contract's towers without the agency's cost", () => {
    const contract = ContractSchema.parse({
      id: "k1",
      accountId: "acme",
      opportunityId: null,
      ownerId: "m-ae",
      title: "Managed services",
      status: "active",
      value: { amount: 100_000_00, currency: "EUR" },
      discountPercent: 0,
      startDate: "2026-01-01",
      term: { unit: "months", count: 12 },
      endDate: "2026-12-31",
      noticePeriod: { unit: "months", count: 3 },
      autoRenewal: false,
      renewalTerm: null,
      requiredApprovals: [],
      approvals: [],
      milestones: [],
      towers: [
        {
          id: "t1",
          name: "Service desk",
          accountManagerId: "m-am",
          value: { amount: 60_000_00, currency: "EUR" },
          cost: { amount: 41_000_00, currency: "EUR" },
          renewalDate: null,
        },
      ],
      createdAt: "2026-01-01T00:00:00.000Z",
      signedAt: null,
      endedAt: null,
      endReason: null,
      renewalOpportunityId: null,
      previousRenewalOpportunityId: null,
      previousContractId: null,
      renewedById: null,
    });
    const seen = clientViewOfContract(contract);
    expect(JSON.stringify(seen)).not.toContain("41000");
    expect(seen.towers[0]).not.toHaveProperty("cost");
    expect(ClientContractSchema.strict().safeParse(seen).success).toBe(true);
  });
});
