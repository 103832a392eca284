export * from "./kernel/result.ts";
export * from "./kernel/money.ts";
export * from "./kernel/calendar-date.ts";
export * from "./kernel/fiscal.ts";
export * from "./kernel/refusal.ts";
export * from "./kernel/machine.ts";
export * from "./machines/task.machine.ts";
