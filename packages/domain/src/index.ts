export * from "./kernel/result.ts";
