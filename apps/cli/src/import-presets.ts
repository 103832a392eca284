// Column names of other CRMs' CSV exports, mapped to the import's row fields (the domain's `importRowFields`).
// Owners are mapped from the owner's e-mail column and from the owner column itself, which holds a person's name:
// an import matches members by name (accents and case aside), e-mail or id, and `--create-owners` makes members
// of the names it does not know.
import type { ImportRowKind } from "@accountable/domain";

export const PRESETS = ["salesforce", "hubspot", "pipedrive"] as const;
export type Preset = (typeof PRESETS)[number];

type ColumnMap = Readonly<Record<string, string>>;

// A users export looks alike in the three: a name (or first and last), an e-mail, a role, a manager.
const USERS: ColumnMap = {
  "user id": "sourceId",
  "full name": "name",
  "first name": "name",
  "last name": "name",
  name: "name",
  email: "email",
  "e-mail": "email",
  role: "role",
  manager: "manager",
  "manager email": "manager",
};

/** Column (compared case-insensitively) → row field, per preset and kind of row. */
export const PRESET_COLUMNS: Readonly<Record<Preset, Readonly<Record<ImportRowKind, ColumnMap>>>> = {
  salesforce: {
    account: {
      "account id": "sourceId",
      "account name": "name",
      "account owner email": "owner",
      "account owner": "owner",
      industry: "industry",
      website: "website",
      employees: "employees",
      "annual revenue": "annualRevenue",
      "account currency": "currency",
      "parent account": "parent",
      "billing country": "region",
    },
    contact: {
      "contact id": "sourceId",
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
    member: USERS,
    opportunity: {
      "opportunity id": "sourceId",
      "opportunity name": "name",
      "account name": "accountName",
      "opportunity owner email": "owner",
      "opportunity owner": "owner",
      "owner email": "owner",
      amount: "amount",
      "amount currency": "currency",
      "opportunity currency": "currency",
      stage: "stage",
      "close date": "closeDate",
      type: "type",
      "probability (%)": "probability",
      "loss reason": "lossReason",
      "created date": "createdAt",
      "lead source": "leadSource",
      "product name": "serviceLine",
    },
  },
  hubspot: {
    account: {
      "record id": "sourceId",
      "company name": "name",
      "company owner email": "owner",
      "company owner": "owner",
      industry: "industry",
      "website url": "website",
      "number of employees": "employees",
      "annual revenue": "annualRevenue",
      "country/region": "region",
      "parent company": "parent",
    },
    contact: {
      "record id": "sourceId",
      "first name": "name",
      "last name": "name",
      email: "email",
      "phone number": "phone",
      "job title": "title",
      "associated company": "accountName",
      "contact owner email": "owner",
    },
    member: USERS,
    opportunity: {
      "record id": "sourceId",
      "deal name": "name",
      "associated company": "accountName",
      "deal owner email": "owner",
      "deal owner": "owner",
      amount: "amount",
      currency: "currency",
      "deal stage": "stage",
      "close date": "closeDate",
      "deal type": "type",
      "closed lost reason": "lossReason",
      "create date": "createdAt",
    },
  },
  pipedrive: {
    account: {
      "organization - id": "sourceId",
      "organization - name": "name",
      "organization - owner email": "owner",
      id: "sourceId",
      name: "name",
    },
    contact: {
      "person - id": "sourceId",
      "person - name": "name",
      "person - email": "email",
      "person - phone": "phone",
      "person - organization": "accountName",
      id: "sourceId",
      name: "name",
      email: "email",
      phone: "phone",
      organization: "accountName",
    },
    member: USERS,
    opportunity: {
      "deal - id": "sourceId",
      "deal - title": "name",
      "deal - value": "amount",
      "deal - currency": "currency",
      "deal - currency of value": "currency",
      "deal - creation date": "createdAt",
      "deal - stage": "stage",
      "deal - expected close date": "closeDate",
      "deal - organization": "accountName",
      "deal - lost reason": "lossReason",
      "deal - status": "status",
      "deal - won time": "closedAt",
      "deal - lost time": "closedAt",
      "deal - deal created": "createdAt",
      "deal - owner email": "owner",
      "deal - owner": "owner",
      id: "sourceId",
      title: "name",
      value: "amount",
      currency: "currency",
      stage: "stage",
      "expected close date": "closeDate",
      organization: "accountName",
      "lost reason": "lossReason",
      status: "status",
      "won time": "closedAt",
      "lost time": "closedAt",
      "deal created": "createdAt",
      "owner email": "owner",
      owner: "owner",
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
    // HubSpot's first default stage: a meeting is booked, the deal often has neither an amount nor a close date.
    appointmentscheduled: "prospecting",
    "appointment scheduled": "prospecting",
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
    qualified: "prospecting",
    "contact made": "discovery",
    "demo scheduled": "discovery",
    "proposal made": "proposal",
    "negotiations started": "negotiation",
    won: "closed_won",
    lost: "closed_lost",
  },
};

/** Deal types as each CRM names them → ours (read case-insensitively), applied before the row is read. */
export const PRESET_TYPES: Readonly<Record<Preset, Readonly<Record<string, string>>>> = {
  salesforce: { "new customer": "new_business", "existing customer - upgrade": "upsell" },
  // HubSpot's two default deal types: "Existing Business" is more work for a client the agency has.
  hubspot: { "new business": "new_business", "existing business": "upsell" },
  pipedrive: {},
};
