import type { ServiceRefusalTag } from "@accountable/service";

/** The process exit codes of `accountable`, by category. README.md documents the same table. */
export const EXIT = {
  ok: 0,
  /** A bug or an environment failure (database unreachable, disk full): not the user's input. */
  internal: 1,
  /** The command line or the input does not parse, or names something that cannot be (an unknown stage). */
  usage: 2,
  notFound: 3,
  notPermitted: 4,
  /** Someone else changed the record, or it already exists. */
  conflict: 5,
  /** A business rule refused the move: the transition, exit criteria, a missing reason, approvals… */
  refused: 6,
  /** `import`: some rows were rejected (each in the rejects file with its reason); the others were imported or skipped. */
  someRowsRejected: 7,
  /** `import`: every row of the file was rejected; nothing was imported. */
  allRowsRejected: 8,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Everything `accountable` can refuse with: the service's refusals, input that does not parse, and, with
 * `--api`, a server that refuses the token (`Unauthenticated`) or cannot answer (`ApiUnavailable`), and an
 * embedded data folder another live process holds (`DataFolderInUse`: a server, another command).
 */
export type CliRefusalTag =
  | ServiceRefusalTag
  | "InvalidCommand"
  | "Unauthenticated"
  | "ApiUnavailable"
  | "DataFolderInUse";

/**
 * One exhaustive table: a refusal the service learns to return fails to compile here until it has a code.
 */
export const EXIT_CODES: Readonly<Record<CliRefusalTag, ExitCode>> = {
  InvalidCommand: EXIT.usage,
  ApiUnavailable: EXIT.internal,
  Unauthenticated: EXIT.notPermitted,
  DataFolderInUse: EXIT.conflict,
  InvalidInput: EXIT.usage,
  UnknownStage: EXIT.usage,
  NotFound: EXIT.notFound,
  NotPermitted: EXIT.notPermitted,
  NotAMember: EXIT.notPermitted,
  NotAnApprover: EXIT.notPermitted,
  StageRestrictedToRoles: EXIT.notPermitted,
  StaleVersion: EXIT.conflict,
  AlreadyExists: EXIT.conflict,
  AlreadyApproved: EXIT.conflict,
  PipelineInUse: EXIT.refused,
  TransitionNotAllowed: EXIT.refused,
  ExitCriteriaNotMet: EXIT.refused,
  DetailsRequired: EXIT.refused,
  ReasonRequired: EXIT.refused,
  StageSkipNotAllowed: EXIT.refused,
  BackwardMoveNotAllowed: EXIT.refused,
  ApprovalsPending: EXIT.refused,
  NotYetDue: EXIT.refused,
  CurrencyMismatch: EXIT.refused,
  InvitationUsed: EXIT.refused,
  InvitationRevoked: EXIT.refused,
  InvitationExpired: EXIT.refused,
  InvitationForAnotherEmail: EXIT.notPermitted,
  AlreadyMember: EXIT.conflict,
};
