import type { Refusal } from "@accountable/domain";
import type { StaleVersion } from "@accountable/store";

/** The thing a command or query names does not exist in this workspace. */
export interface NotFound {
  readonly _tag: "NotFound";
  readonly entity: string;
  readonly id: string;
  readonly message: string;
}

/** The acting member is not (or no longer) a member of the workspace. */
export interface NotAMember {
  readonly _tag: "NotAMember";
  readonly memberId: string;
  readonly message: string;
}

/**
 * Every refusal the service can return: the domain's, plus what only the service can know (a stale version,
 * a missing record, an actor outside the workspace). Adapters map this union in one table typed by `_tag`.
 */
export type ServiceRefusal = Refusal | StaleVersion | NotFound | NotAMember;
export type ServiceRefusalTag = ServiceRefusal["_tag"];

export const notFound = (entity: string, id: string): NotFound => ({
  _tag: "NotFound",
  entity,
  id,
  message: `There is no ${entity.replace(/_/g, " ")} with id ${id} in this workspace.`,
});

export const notAMember = (memberId: string): NotAMember => ({
  _tag: "NotAMember",
  memberId,
  message: `Member ${memberId} does not belong to this workspace, or has been deactivated.`,
});

/** Carries a refusal out of a transaction, rolling back what was written before it. */
export class RolledBack extends Error {
  constructor(readonly refusal: ServiceRefusal) {
    super(refusal.message);
  }
}
