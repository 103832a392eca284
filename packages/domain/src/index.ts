// The public API of @accountable/domain. Each module is a leaf: nothing inside the package imports this file.

// commands: the one command path (authorise, context, decide, evolve, follow-ups) over facts a driver loads
export * from "./commands/command-paths.ts";
export * from "./commands/decide-command.ts";
export * from "./entities/account.ts";
// entities
export * from "./entities/account-plan.ts";
export * from "./entities/activity.ts";
export * from "./entities/brief.ts";
export * from "./entities/contact.ts";
export * from "./entities/contract.ts";
export * from "./entities/cost-entry.ts";
export * from "./entities/escalation.ts";
export * from "./entities/imported-from.ts";
export * from "./entities/invitation.ts";
export * from "./entities/invoice.ts";
export * from "./entities/member.ts";
export * from "./entities/opportunity.ts";
export * from "./entities/pipeline.ts";
export * from "./entities/quota.ts";
export * from "./entities/service-line.ts";
export * from "./entities/settings.ts";
export * from "./entities/severity.ts";
export * from "./entities/target-list.ts";
export * from "./entities/task.ts";
export * from "./entities/workspace.ts";
// import: CRM rows read into commands, or into reasons
export * from "./import/account-row.ts";
export * from "./import/amounts.ts";
export * from "./import/contact-row.ts";
export * from "./import/dates.ts";
export * from "./import/import-row.ts";
export * from "./import/member-row.ts";
export * from "./import/opportunity-row.ts";
// kernel
export * from "./kernel/calendar-date.ts";
export * from "./kernel/context.ts";
export * from "./kernel/currencies.ts";
export { derivedId } from "./kernel/derived-id.ts";
export * from "./kernel/fiscal.ts";
export * from "./kernel/ids.ts";
export * from "./kernel/machine.ts";
export * from "./kernel/money.ts";
export * from "./kernel/refusal.ts";
export * from "./kernel/result.ts";
// How dates read to people (no run-time imports, for a browser's first load).
export * from "./kernel/spell-date.ts";
export { isStorableText, kebabCase, text, UNSTORABLE_TEXT } from "./kernel/text.ts";
export * from "./machines/account.machine.ts";
// machines
export * from "./machines/account-plan.machine.ts";
export * from "./machines/activity.machine.ts";
export * from "./machines/brief.machine.ts";
export * from "./machines/contact.machine.ts";
export * from "./machines/contract.commands.ts";
export * from "./machines/contract.decide.ts";
export { type ContractGuard, contractGuards, TERMS_OPEN_STATUSES } from "./machines/contract.guards.ts";
export * from "./machines/contract.machine.ts";
export * from "./machines/contract.table.ts";
export * from "./machines/cost-entry.machine.ts";
export * from "./machines/escalation.machine.ts";
export * from "./machines/invitation.machine.ts";
export * from "./machines/invoice.machine.ts";
export * from "./machines/member.machine.ts";
export * from "./machines/opportunity.machine.ts";
export * from "./machines/opportunity.rules.ts";
export * from "./machines/quota.machine.ts";
export * from "./machines/target-list.machine.ts";
export * from "./machines/task.machine.ts";
export * from "./machines/workspace.machine.ts";

// policies
export * from "./policies/account-health.ts";
export * from "./policies/approval-routing.ts";
export * from "./policies/basis-points.ts";
export * from "./policies/client-view.ts";
export * from "./policies/command-actions.ts";
export * from "./policies/customer-fit.ts";
export * from "./policies/field-visibility.ts";
export * from "./policies/follow-ups.ts";
export * from "./policies/forecast.ts";
export * from "./policies/handover.ts";
export * from "./policies/in-currency.ts";
export * from "./policies/inbox.ts";
export * from "./policies/permissions.matrix.ts";
export * from "./policies/permissions.ts";
export * from "./policies/pnl.ts";
export * from "./policies/proration.ts";
export * from "./policies/quota-attainment.ts";
export * from "./policies/renewal-schedule.ts";
export * from "./policies/renewal-settlement.ts";
export * from "./policies/resources.ts";
export * from "./policies/retainer-billing.ts";
export * from "./policies/rotting.ts";
export * from "./policies/sales-metrics.ts";
export * from "./policies/sales-trend.ts";
export * from "./policies/search.ts";
export * from "./policies/target-funnel.ts";
export * from "./policies/whitespace.ts";
