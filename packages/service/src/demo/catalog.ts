// Words the demo builds its names and texts from. Made up; any likeness to a real company is chance.

export const FIRST_NAMES = [
  "Alice",
  "Bruno",
  "Chloé",
  "David",
  "Elena",
  "Farid",
  "Greta",
  "Hugo",
  "Inès",
  "Jonas",
  "Karin",
  "Louis",
  "Maya",
  "Nils",
  "Olga",
  "Paul",
  "Quentin",
  "Rosa",
  "Samir",
  "Tara",
  "Ugo",
  "Vera",
  "Wendy",
  "Xavier",
  "Yasmine",
  "Zoé",
  "Amir",
  "Béatrice",
  "Carlos",
  "Dora",
  "Emil",
  "Fiona",
  "Gaspard",
  "Hanna",
  "Igor",
  "Julia",
] as const;

export const LAST_NAMES = [
  "Martin",
  "Bernard",
  "Dubois",
  "Moreau",
  "Laurent",
  "Simon",
  "Michel",
  "Lefebvre",
  "Leroy",
  "Roux",
  "Fournier",
  "Girard",
  "Bonnet",
  "Dupont",
  "Lambert",
  "Fontaine",
  "Rousseau",
  "Vincent",
  "Muller",
  "Garcia",
  "Schmidt",
  "Rossi",
  "Novak",
  "Jansen",
  "Kowalski",
  "Andersen",
  "Costa",
  "Weber",
  "Fischer",
  "Meyer",
  "Keller",
  "Berg",
] as const;

const PREFIXES = [
  "Acme",
  "Borealis",
  "Cobalt",
  "Delta",
  "Ember",
  "Fjord",
  "Granite",
  "Helix",
  "Iris",
  "Juniper",
  "Kestrel",
  "Lumen",
  "Meridian",
  "Nimbus",
  "Orion",
  "Pioneer",
  "Quartz",
  "Riviera",
  "Summit",
  "Tidal",
  "Umbra",
  "Vertex",
  "Willow",
  "Xenon",
  "Yarrow",
  "Zephyr",
  "Atlas",
  "Beacon",
  "Cedar",
  "Dune",
  "Echo",
  "Falcon",
  "Glacier",
] as const;

/** Agency clients: brands that buy campaigns, media and content. */
export const AGENCY_INDUSTRIES = [
  { industry: "Retail", suffixes: ["Stores", "Market", "Outlet"] },
  { industry: "Consumer goods", suffixes: ["Foods", "Beverages", "Cosmetics"] },
  { industry: "Automotive", suffixes: ["Motors", "Mobility"] },
  { industry: "Travel", suffixes: ["Travel", "Hotels", "Airways"] },
  { industry: "Fashion", suffixes: ["Fashion", "Apparel"] },
] as const;

/** IT-outsourcing clients: organisations that hand over service towers. */
export const IT_INDUSTRIES = [
  { industry: "Banking", suffixes: ["Bank", "Capital", "Finance"] },
  { industry: "Insurance", suffixes: ["Insurance", "Assurance", "Mutual"] },
  { industry: "Manufacturing", suffixes: ["Industries", "Manufacturing", "Works"] },
  { industry: "Public sector", suffixes: ["Region", "Agency", "Authority"] },
  { industry: "Healthcare", suffixes: ["Health", "Clinics", "Pharma"] },
] as const;

export function companyName(prefix: string, suffix: string, index: number): string {
  // The index keeps names unique at any scale, as a real CRM's duplicates are told apart.
  return index < PREFIXES.length * 3 ? `${prefix} ${suffix}` : `${prefix} ${suffix} ${index}`;
}

export { PREFIXES };

export const AGENCY_DEALS = [
  "brand campaign",
  "social media retainer",
  "product launch",
  "media buying",
  "content studio",
  "seasonal campaign",
  "website redesign",
  "influencer programme",
] as const;

export const IT_DEALS = [
  "service desk",
  "cloud migration",
  "application maintenance",
  "infrastructure management",
  "security operations",
  "data platform",
  "workplace services",
  "network refresh",
] as const;

/** The service line each kind of deal sells (what the whitespace matrix of an account reads). */
export const SERVICE_LINE_OF: Readonly<
  Record<(typeof AGENCY_DEALS)[number] | (typeof IT_DEALS)[number], string>
> = {
  "brand campaign": "Creative",
  "social media retainer": "Social",
  "product launch": "Creative",
  "media buying": "Media",
  "content studio": "Content",
  "seasonal campaign": "Creative",
  "website redesign": "Digital",
  "influencer programme": "Social",
  "service desk": "Service desk",
  "cloud migration": "Infrastructure",
  "application maintenance": "Application maintenance",
  "infrastructure management": "Infrastructure",
  "security operations": "Security operations",
  "data platform": "Data",
  "workplace services": "Workplace",
  "network refresh": "Network",
};

/** What an account plan aims at, by unit: objectives an owner would write. */
export const PLAN_OBJECTIVES = {
  agency: [
    "Win the social media retainer",
    "Run a joint planning day with the CMO",
    "Pitch the media buying",
  ],
  it: [
    "Extend the service desk to the new sites",
    "Present the cloud roadmap to the CIO",
    "Renew the network refresh",
  ],
} as const;

export const IT_TOWERS = [
  "Service desk",
  "Infrastructure",
  "Application maintenance",
  "Security operations",
  "Network",
  "Workplace",
] as const;

export const NEEDS = [
  "Reach a younger audience",
  "Cut time to market for campaigns",
  "One agency for all channels",
  "Lower the cost per lead",
  "Move off the ageing data centre",
  "24/7 support in three languages",
  "Meet the new security regulation",
  "Predictable monthly run costs",
  "Better reporting to the board",
  "Faster incident resolution",
] as const;

export const LOSS_REASONS = [
  "Lost to a competitor on price",
  "The client froze its budget",
  "No decision: the project was shelved",
  "The client chose to do it in-house",
  "Scope did not fit our offer",
] as const;

export const ESCALATION_TITLES = [
  "Service desk backlog over target",
  "Campaign launched with the wrong visuals",
  "Outage of the client portal",
  "Invoice disputed by procurement",
  "Missed media placement",
  "Security incident reported by the client",
  "Report delivered late twice",
] as const;

export const BRIEF_TITLES = [
  "Spring collection launch",
  "Brand refresh",
  "Always-on social",
  "Holiday season campaign",
  "Recruitment campaign",
  "Store opening",
] as const;

export const TASK_TITLES = [
  "Send the meeting minutes",
  "Prepare the quarterly business review",
  "Deliver the campaign report",
  "Update the service level report",
  "Collect the client's feedback",
  "Review the statement of work",
  "Deliver the creative concepts",
] as const;

export const MEETING_SUBJECTS = [
  "Quarterly business review",
  "Discovery workshop",
  "Proposal walkthrough",
  "Steering committee",
  "Creative review",
  "Service review",
] as const;

/**
 * What an activity is called, by its kind and what it was about (`theme`, when a pool is kept for it): `{topic}`
 * is the deal's subject (its name without the account's) or, on no deal, the account's name; `{account}` the
 * account's name; `{theme}` the meeting's kind ("Steering committee"). Drawn per activity, from the activity's
 * own generator, so varied subjects change no other draw of the demo.
 */
export const ACTIVITY_SUBJECTS = {
  "Introduction call": [
    "Introduction call: {topic}",
    "First call with {account} about {topic}",
    "Intro call – {topic}",
    "Getting to know {account}'s team",
  ],
  "Next steps": ["Next steps on {topic}", "Planning session: {topic}", "Working session – {topic}"],
  call: [
    "Follow-up call on {topic}",
    "Scope check: {topic}",
    "Budget call – {topic}",
    "Timeline call about {topic}",
    "Check-in with {account}",
    "Call with {account} procurement",
    "Reference call for {topic}",
    "Questions on the proposal: {topic}",
  ],
  email: [
    "Proposal sent: {topic}",
    "Follow-up on {topic}",
    "Pricing questions – {topic}",
    "Revised timeline for {topic}",
    "Case studies for {account}",
    "Recap and next steps: {topic}",
    "Draft terms for {topic}",
    "Answers to {account}'s questions",
  ],
  meeting: ["{theme}: {topic}", "{theme} with {account}", "{theme} – {topic}"],
  note: ["Note on {topic}", "Internal note: {account}", "Heard from {account}: {topic}"],
} as const satisfies Record<string, readonly string[]>;

export const DECISIONS = [
  "Go ahead with option B",
  "Budget confirmed for the next quarter",
  "Weekly status calls from now on",
  "Legal to review the contract draft",
  "Pilot on one region first",
] as const;

export const ACTION_ITEMS = [
  "Send the revised proposal",
  "Share the reporting template",
  "Book the follow-up workshop",
  "Confirm the media plan",
  "Introduce the service delivery manager",
] as const;
