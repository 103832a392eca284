import { z } from "zod";

/** How badly a client issue hurts, lowest first. */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const SeveritySchema = z.enum(SEVERITIES).meta({ id: "Severity" });
export type Severity = z.infer<typeof SeveritySchema>;
