// Column names of other CRMs' CSV exports, mapped to the import's row fields (the domain's `importRowFields`).
// Owners are mapped only from e-mail columns: an import names owners by e-mail or member id, and a CRM's owner
// *name* column would reject every row; map it with --map when its values are member ids.
import type { ImportRowKind } from "@accountable/domain";

export const PRESETS = ["salesforce", "hubspot", "pipedrive"] as const;
export type Preset = (typeof PRESETS)[number];

type ColumnMap = Readonly<Record<string, string>>;

/** Column (compared case-insensitively) → row field, per preset and kind of row. */
export const PRESET_COLUMNS: Readonly<Record<Preset, Readonly<Record<ImportRowKind, ColumnMap>>>> = {
  salesforce: {
    account: {
      "account id": "externalId",
      "account name": "name",
      "account owner email": "owner",
      industry: "industry",
      website: "website",
    },
    contact: {
      "contact id": "externalId",
      "full name": "name",
      "first name": "name",
      "last name": "name",
      email: "email",
      phone: "phone",
      title: "title",
      "account id": "accountId",
      "account name": "accountName",
      "contact owner email": "owner",
    },
    opportunity: {
      "opportunity id": "externalId",
      "opportunity name": "name",
      "account name": "accountName",
      "opportunity owner email": "owner",
      "owner email": "owner",
      amount: "amount",
      "amount currency": "currency",
      "opportunity currency": "currency",
      stage: "stage",
      "close date": "closeDate",
      type: "type",
      "probability (%)": "probability",
      "loss reason": "lossReason",
    },
  },
  hubspot: {
    account: {
      "record id": "externalId",
      "company name": "name",
      "company owner email": "owner",
      industry: "industry",
      "website url": "website",
    },
    contact: {
      "record id": "externalId",
      "first name": "name",
      "last name": "name",
      email: "email",
      "phone number": "phone",
      "job title": "title",
      "associated company": "accountName",
      "contact owner email": "owner",
    },
    opportunity: {
      "record id": "externalId",
      "deal name": "name",
      "associated company": "accountName",
      "deal owner email": "owner",
      amount: "amount",
      currency: "currency",
      "deal stage": "stage",
      "close date": "closeDate",
      "deal type": "type",
      "closed lost reason": "lossReason",
    },
  },
  pipedrive: {
    account: {
      "organization - id": "externalId",
      "organization - name": "name",
      "organization - owner email": "owner",
      id: "externalId",
      name: "name",
    },
    contact: {
      "person - id": "externalId",
      "person - name": "name",
      "person - email": "email",
      "person - phone": "phone",
      "person - organization": "accountName",
      id: "externalId",
      name: "name",
      email: "email",
      phone: "phone",
      organization: "accountName",
    },
    opportunity: {
      "deal - id": "externalId",
      "deal - title": "name",
      "deal - value": "amount",
      "deal - currency": "currency",
      "deal - stage": "stage",
      "deal - expected close date": "closeDate",
      "deal - organization": "accountName",
      "deal - lost reason": "lossReason",
      id: "externalId",
      title: "name",
      value: "amount",
      currency: "currency",
      stage: "stage",
      "expected close date": "closeDate",
      organization: "accountName",
      "lost reason": "lossReason",
    },
  },
};

/** Stage names of each CRM's default pipeline → ours, applied before any --stage-map. */
export const PRESET_STAGES: Readonly<Record<Preset, Readonly<Record<string, string>>>> = {
  salesforce: {
    prospecting: "prospecting",
    qualification: "discovery",
    "needs analysis": "discovery",
    "value proposition": "proposal",
    "id. decision makers": "proposal",
    "perception analysis": "proposal",
    "proposal/price quote": "proposal",
    "negotiation/review": "negotiation",
    "closed won": "closed_won",
    "closed lost": "closed_lost",
  },
  hubspot: {
    appointmentscheduled: "discovery",
    "appointment scheduled": "discovery",
    qualifiedtobuy: "discovery",
    "qualified to buy": "discovery",
    presentationscheduled: "proposal",
    "presentation scheduled": "proposal",
    decisionmakerboughtin: "proposal",
    "decision maker bought-in": "proposal",
    contractsent: "negotiation",
    "contract sent": "negotiation",
    closedwon: "closed_won",
    "closed won": "closed_won",
    closedlost: "closed_lost",
    "closed lost": "closed_lost",
  },
  pipedrive: {
    "lead in": "prospecting",
    "contact made": "discovery",
    "demo scheduled": "discovery",
    "proposal made": "proposal",
    "negotiations started": "negotiation",
    won: "closed_won",
    lost: "closed_lost",
  },
};
