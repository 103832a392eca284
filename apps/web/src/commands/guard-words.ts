// The checks a command's form says it must pass, worded for the person filling it in. The domain's transition
// tables name each guard — some in plain words ("a loss reason"), some by the refusal's tag or the predicate's
// name ("DetailsRequired: …", "periodIsOrdered"), which a diagram and a refusal share but a person should not
// read. Those are said here; a guard already in plain words is shown as it is. The test walks every guard of every
// machine the web shows and holds that each one reads as words (a new tagged or camel-cased guard fails it).

const WORDS: Readonly<Record<string, string>> = {
  // opportunity
  "DetailsRequired: the amount and close date the stage requires":
    "an amount and a close date where the stage asks for them",
  "DetailsRequired: no clearing what the deal's stage requires":
    "no clearing the amount or close date the deal's stage asks for",
  "the stage's roles": "a stage your role may put deals in",
  "the roles of the stage left and entered": "stages your role may move deals out of and into",
  "budget in the deal's currency": "a budget in the deal's currency",
  "closedAt for a closed deal only": "a closing moment for a closed deal only",
  // account plan
  periodIsOrdered: "a period that ends after it starts",
  reviewNotInPast: "a review date not in the past",
  somethingToChange: "something to change",
  objectivesWithinPeriod: "open objectives due within the new period",
  newObjectiveId: "a new objective",
  dueWithinPeriod: "a due date within the plan's period",
  objectiveExists: "an objective of the plan",
  aDifferentStatus: "a different status",
  aReasonToDrop: "a reason to drop an objective",
  removableNow: "an objective not yet part of an active plan",
  newRiskId: "a new risk",
  riskIsOpen: "an open risk",
  aResolution: "a resolution",
  hasAnObjective: "at least one objective",
  hasAReviewDate: "a next review date",
  aReviewSummary: "a summary of the review",
  reviewAfterToday: "a next review after today",
  overdueObjectivesSettled: "every overdue objective done, dropped or given a new due date",
  aReason: "a reason",
  // target list
  hasSensibleCriteria: "criteria whose ranges run from low to high",
  hasAChange: "a change",
  hasTargetsOrCriteria: "accounts on the list, or criteria to find them",
  isNotOnTheList: "accounts not on the list yet",
  isOnTheList: "an account on the list",
  hasAReason: "a reason",
};

/** A guard as a person reads it. */
export function guardWords(guard: string): string {
  return WORDS[guard] ?? guard;
}

/** Whether a text reads as words: no refusal tag ("Tag: …"), no camelCase or snake_case name, no code. */
export function readsAsWords(text: string): boolean {
  return !/^[A-Z][A-Za-z]+:/.test(text) && !/\b[a-z]+[A-Z][A-Za-z]*\b/.test(text) && !/\w_\w/.test(text);
}

/** The sentence a form opens with: what the command is checked for when it is sent. */
export function guardsSentence(guards: readonly string[]): string | null {
  if (guards.length === 0) return null;
  return `Checked when you send it: ${guards.map(guardWords).join("; ")}.`;
}
