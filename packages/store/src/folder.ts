// `@accountable/store/folder`: who holds an embedded data folder and whether a server on it can be worked
// through, without loading a database driver (a CLI command that goes through the server never needs one).
export type { FolderHolder, LocalServerFile, LocalServerLookup } from "./folder-lock.ts";
export { findLocalServer, LOCK_FILE, readFolderHolder, SERVER_FILE } from "./folder-lock.ts";
