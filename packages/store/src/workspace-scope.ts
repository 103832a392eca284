/** Throws unless the workspace id is a non-empty string: every store query is scoped by one. */
export function assertWorkspaceId(workspaceId: string): void {
  if (typeof workspaceId !== "string" || workspaceId.length === 0) {
    throw new TypeError("A workspace id is required: every read and write of the store is scoped by one.");
  }
}
