// Types of generated-rows.mjs (plain JavaScript, so that a child `node` can run it without a build).
import type { Service } from "../../src/index.ts";

export declare const OWNERS: readonly string[];
export declare const ACCOUNTS: number;
export declare const REJECT_EVERY: number;
export declare function isRejected(i: number): boolean;
export declare function generatedRow(i: number): Record<string, string>;
export declare function generatedRows(count: number): Generator<Record<string, string>>;
export declare function seedGeneratedWorkspace(
  service: Service,
  workspaceId: string,
  now: string,
): Promise<void>;
