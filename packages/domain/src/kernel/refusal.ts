import type { Role } from "../entities/member.ts";
import type { DealDetail, ExitCriterion } from "../entities/pipeline.ts";
import { DEAL_DETAIL_LABELS, EXIT_CRITERION_LABELS } from "../entities/pipeline.ts";
import type { CurrencyMismatch } from "./money.ts";
import { humanize, listInWords } from "./text.ts";

// Every way the domain can refuse a command. Adapters map this union in one table typed by `_tag`,
// so a new refusal fails to compile until every adapter says how to show it.

/** The command is not a move the machine allows from its current state. */
export interface TransitionNotAllowed {
  readonly _tag: "TransitionNotAllowed";
  readonly machine: string;
  readonly from: string;
  readonly command: string;
  /** Commands the machine does accept from this state. */
  readonly allowed: readonly string[];
  readonly message: string;
}

/** The deal lacks what its stage demands before it may move on. */
export interface ExitCriteriaNotMet {
  readonly _tag: "ExitCriteriaNotMet";
  readonly from: string;
  readonly to: string;
  readonly missing: readonly ExitCriterion[];
  readonly message: string;
}

/** The guard `DetailsRequired`: the stage a deal would be in needs details (amount, close date) it lacks. */
export interface DetailsRequired {
  readonly _tag: "DetailsRequired";
  /** The stage's id and its label, as the pipeline names it. */
  readonly stage: string;
  readonly stageLabel: string;
  readonly missing: readonly DealDetail[];
  readonly message: string;
}

/** The move needs a written reason (a loss reason, why a deal reopens, why a probability is overridden…). */
export interface ReasonRequired {
  readonly _tag: "ReasonRequired";
  readonly action: string;
  readonly message: string;
}

/** The pipeline forbids jumping over stages. */
export interface StageSkipNotAllowed {
  readonly _tag: "StageSkipNotAllowed";
  readonly from: string;
  readonly to: string;
  readonly skipped: readonly string[];
  readonly message: string;
}

/** The pipeline forbids moving deals back. */
export interface BackwardMoveNotAllowed {
  readonly _tag: "BackwardMoveNotAllowed";
  readonly from: string;
  readonly to: string;
  readonly message: string;
}

/** The pipeline reserves moves into or out of this stage to other roles. */
export interface StageRestrictedToRoles {
  readonly _tag: "StageRestrictedToRoles";
  readonly stage: string;
  readonly role: Role;
  readonly allowedRoles: readonly Role[];
  readonly message: string;
}

/** The stage does not belong to the deal's pipeline. */
export interface UnknownStage {
  readonly _tag: "UnknownStage";
  readonly stage: string;
  readonly pipeline: string;
  readonly message: string;
}

/** The acting member may not do this. */
export interface NotPermitted {
  readonly _tag: "NotPermitted";
  readonly action: string;
  readonly role: Role;
  readonly message: string;
}

/** Something with this id already exists. */
export interface AlreadyExists {
  readonly _tag: "AlreadyExists";
  readonly entity: string;
  readonly id: string;
  readonly message: string;
}

/** A value is well-formed but does not make sense here (an end before its start, a payment above the balance…). */
export interface InvalidInput {
  readonly _tag: "InvalidInput";
  readonly field: string;
  readonly message: string;
}

/** The member cannot approve this: not a required approver, or above their authority. */
export interface NotAnApprover {
  readonly _tag: "NotAnApprover";
  readonly memberId: string;
  readonly role: Role;
  readonly message: string;
}

/** The member has already approved. */
export interface AlreadyApproved {
  readonly _tag: "AlreadyApproved";
  readonly memberId: string;
  readonly message: string;
}

/** Approvals are still missing. */
export interface ApprovalsPending {
  readonly _tag: "ApprovalsPending";
  readonly pendingRoles: readonly Role[];
  readonly message: string;
}

/** A time-driven move asked for before its time. */
export interface NotYetDue {
  readonly _tag: "NotYetDue";
  readonly what: string;
  readonly due: string;
  readonly message: string;
}

/** A settings update would remove a pipeline that deals are still in (their stages, history and reports need it). */
export interface PipelineInUse {
  readonly _tag: "PipelineInUse";
  readonly pipeline: string;
  readonly pipelineName: string;
  /** Deals in the pipeline: open and closed. */
  readonly open: number;
  readonly closed: number;
  readonly message: string;
}

/** The invitation was accepted already: it admits one person once. */
export interface InvitationUsed {
  readonly _tag: "InvitationUsed";
  /** The named guard of the invitation machine that refused. */
  readonly guard: string;
  readonly acceptedAt: string;
  readonly message: string;
}

/** The invitation was withdrawn. */
export interface InvitationRevoked {
  readonly _tag: "InvitationRevoked";
  readonly guard: string;
  readonly message: string;
}

/** The invitation's time ran out before it was accepted. */
export interface InvitationExpired {
  readonly _tag: "InvitationExpired";
  readonly guard: string;
  readonly expiresAt: string;
  readonly message: string;
}

/** The invitation was sent to another e-mail address than the one accepting it. */
export interface InvitationForAnotherEmail {
  readonly _tag: "InvitationForAnotherEmail";
  readonly guard: string;
  readonly email: string;
  readonly message: string;
}

/** The person is a member of the workspace already (or is one in another role than the invitation's). */
export interface AlreadyMember {
  readonly _tag: "AlreadyMember";
  readonly guard: string;
  readonly email: string;
  readonly message: string;
}

/** What any refusal may carry besides its own facts. */
export interface Guarded {
  /** The named guard of the machine's transition table that refused (`aReason`), when a guard did. */
  readonly guard?: string;
}

/** Every refusal the domain can return. */
export type Refusal = (
  | TransitionNotAllowed
  | ExitCriteriaNotMet
  | DetailsRequired
  | ReasonRequired
  | StageSkipNotAllowed
  | BackwardMoveNotAllowed
  | StageRestrictedToRoles
  | UnknownStage
  | NotPermitted
  | AlreadyExists
  | InvalidInput
  | NotAnApprover
  | AlreadyApproved
  | ApprovalsPending
  | NotYetDue
  | PipelineInUse
  | InvitationUsed
  | InvitationRevoked
  | InvitationExpired
  | InvitationForAnotherEmail
  | AlreadyMember
  | CurrencyMismatch
) &
  Guarded;

export type RefusalTag = Refusal["_tag"];

/** Every refusal tag, for adapters that build their mapping tables and tests that walk them. */
export const REFUSAL_TAGS = [
  "TransitionNotAllowed",
  "ExitCriteriaNotMet",
  "DetailsRequired",
  "ReasonRequired",
  "StageSkipNotAllowed",
  "BackwardMoveNotAllowed",
  "StageRestrictedToRoles",
  "UnknownStage",
  "NotPermitted",
  "AlreadyExists",
  "InvalidInput",
  "NotAnApprover",
  "AlreadyApproved",
  "ApprovalsPending",
  "NotYetDue",
  "PipelineInUse",
  "InvitationUsed",
  "InvitationRevoked",
  "InvitationExpired",
  "InvitationForAnotherEmail",
  "AlreadyMember",
  "CurrencyMismatch",
] as const satisfies readonly RefusalTag[];

// Compile-time check that REFUSAL_TAGS lists every tag of the union.
type _AllTagsListed = RefusalTag extends (typeof REFUSAL_TAGS)[number] ? true : never;
const _allTagsListed: _AllTagsListed = true;
void _allTagsListed;

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `An ${noun}` : `A ${noun}`);

/** "contract.approve" → "approve a contract"; "finance.read" → "see financial figures". */
function actionInWords(action: string): string {
  const [noun = action, verb = ""] = action.split(".");
  if (noun === "finance") return "see financial figures";
  return `${humanize(verb)} ${article(humanize(noun)).toLowerCase()}`.trim();
}

/** Constructors that write the sentence once, so every adapter shows the same words. */
export const refuse = {
  transitionNotAllowed(
    machine: string,
    from: string,
    command: string,
    allowed: readonly string[],
  ): TransitionNotAllowed {
    const where =
      from === "none"
        ? `${article(humanize(machine))} that does not exist yet`
        : `${article(humanize(machine))} that is ${humanize(from)}`;
    const options = allowed.length
      ? ` Allowed now: ${listInWords(allowed.map(humanize), "or")}.`
      : " No move is allowed from there.";
    return {
      _tag: "TransitionNotAllowed",
      machine,
      from,
      command,
      allowed,
      message: `${where} cannot ${humanize(command)}.${options}`,
    };
  },
  /** `label` names a stage as its pipeline does ("Proposal"); without it, its id in words. */
  exitCriteriaNotMet(
    from: string,
    to: string,
    missing: readonly ExitCriterion[],
    label: (stageId: string) => string = humanize,
  ): ExitCriteriaNotMet {
    return {
      _tag: "ExitCriteriaNotMet",
      from,
      to,
      missing,
      message: `Cannot move from ${label(from)} to ${label(to)} yet: ${listInWords(missing.map((m) => EXIT_CRITERION_LABELS[m]))}.`,
    };
  },
  detailsRequired(stage: string, stageLabel: string, missing: readonly DealDetail[]): DetailsRequired {
    const needs = listInWords(missing.map((d) => DEAL_DETAIL_LABELS[d]));
    return {
      _tag: "DetailsRequired",
      stage,
      stageLabel,
      missing,
      message: `A deal in ${stageLabel} needs ${needs}: set ${missing.length > 1 ? "them" : "it"} first.`,
    };
  },
  reasonRequired(action: string): ReasonRequired {
    return { _tag: "ReasonRequired", action, message: `Give a reason to ${action}.` };
  },
  stageSkipNotAllowed(
    from: string,
    to: string,
    skipped: readonly string[],
    label: (stageId: string) => string = humanize,
  ): StageSkipNotAllowed {
    return {
      _tag: "StageSkipNotAllowed",
      from,
      to,
      skipped,
      message: `This pipeline does not allow skipping stages: moving from ${label(from)} to ${label(to)} would skip ${listInWords(skipped.map(label))}.`,
    };
  },
  backwardMoveNotAllowed(
    from: string,
    to: string,
    label: (stageId: string) => string = humanize,
  ): BackwardMoveNotAllowed {
    return {
      _tag: "BackwardMoveNotAllowed",
      from,
      to,
      message: `This pipeline does not allow moving deals back: ${label(to)} comes before ${label(from)}.`,
    };
  },
  stageRestrictedToRoles(
    stage: string,
    role: Role,
    allowedRoles: readonly Role[],
    stageLabel: string = humanize(stage),
  ): StageRestrictedToRoles {
    return {
      _tag: "StageRestrictedToRoles",
      stage,
      role,
      allowedRoles,
      message: `Only ${listInWords(allowedRoles.map(humanize), "or")} may move deals in ${stageLabel}; you act as ${humanize(role)}.`,
    };
  },
  /** `stages`: the pipeline's stage ids, named in the message so the person can pick one. */
  unknownStage(stage: string, pipeline: string, stages: readonly string[] = []): UnknownStage {
    const known = stages.length === 0 ? "" : `; its stages are ${stages.join(", ")}`;
    return {
      _tag: "UnknownStage",
      stage,
      pipeline,
      message: `There is no stage "${stage}" in the ${humanize(pipeline)} pipeline${known}.`,
    };
  },
  /** `phrase` says the action in words ("approve the contract"); without it one is made from the action's name. */
  notPermitted(
    action: string,
    role: Role,
    why: string,
    phrase: string = actionInWords(action),
  ): NotPermitted {
    return {
      _tag: "NotPermitted",
      action,
      role,
      message: `As ${article(humanize(role)).toLowerCase()} you may not ${phrase}: ${why}.`,
    };
  },
  alreadyExists(entity: string, id: string): AlreadyExists {
    return {
      _tag: "AlreadyExists",
      entity,
      id,
      message: `${article(humanize(entity))} with id ${id} already exists.`,
    };
  },
  invalidInput(field: string, message: string): InvalidInput {
    return { _tag: "InvalidInput", field, message };
  },
  notAnApprover(memberId: string, role: Role, why: string): NotAnApprover {
    return { _tag: "NotAnApprover", memberId, role, message: `You cannot approve this: ${why}.` };
  },
  alreadyApproved(memberId: string): AlreadyApproved {
    return { _tag: "AlreadyApproved", memberId, message: "You have already approved this." };
  },
  approvalsPending(pendingRoles: readonly Role[]): ApprovalsPending {
    return {
      _tag: "ApprovalsPending",
      pendingRoles,
      message: `Still waiting for approval from ${listInWords(pendingRoles.map((r) => `a ${humanize(r)}`))}.`,
    };
  },
  notYetDue(what: string, due: string): NotYetDue {
    return { _tag: "NotYetDue", what, due, message: `It is too early to ${what}: not before ${due}.` };
  },
  pipelineInUse(pipeline: string, pipelineName: string, open: number, closed: number): PipelineInUse {
    const deals = (n: number, what: string) => `${n} ${what} deal${n === 1 ? "" : "s"}`;
    const held = [open ? deals(open, "open") : "", closed ? deals(closed, "closed") : ""].filter(Boolean);
    return {
      _tag: "PipelineInUse",
      pipeline,
      pipelineName,
      open,
      closed,
      message:
        `The ${pipelineName} pipeline (${pipeline}) still holds ${listInWords(held)}, so it cannot be removed: ` +
        "their stages and history need it. Keep it in the settings (rename it, or list it after the pipeline " +
        "new deals should go to); close its open deals to empty its board.",
    };
  },
} as const;
