// What a refused `opp move` is answered with besides the domain's sentence: the commands that supply what the deal
// lacks (each missing exit criterion's command, the domain's EXIT_CRITERION_COMMANDS, with its required fields as
// flags read from the command's schema), and the flag that gives a reason when the move needs one.
import { EXIT_CRITERION_COMMANDS, type ExitCriterion } from "@accountable/domain";
import type { CliRefusal } from "../failure.ts";
import { commandShapes, kebab } from "../flags.ts";

/** A field's placeholder as a person fills it in: `<contact id>`, `<amount>`, `<text>`. */
function placeholder(name: string, kind: string): string {
  if (name.endsWith("Id")) return `<${kebab(name.slice(0, -2)).replace(/-/g, " ")} id>`;
  if (kind === "money") return "<amount>";
  if (kind === "string") return "<text>";
  return `<${kind}>`;
}

/** `accountable opp do <id> <Command> --field <…>` for the command that meets each criterion, in its order. */
export function criterionFixes(id: string, missing: readonly ExitCriterion[]): string[] {
  const shapes = commandShapes("opportunity");
  return missing.map((criterion) => {
    const type = EXIT_CRITERION_COMMANDS[criterion];
    const fields = (shapes.find((c) => c.type === type)?.fields ?? []).filter((f) => f.required);
    return [
      `accountable opp do ${id} ${type}`,
      ...fields.map((f) => `--${kebab(f.name)} ${placeholder(f.name, f.kind)}`),
    ].join(" ");
  });
}

/**
 * A refusal of `opp move <id> <stage>` with what to do about it: the commands meeting the missing exit criteria
 * and the move again (also as `fixes` in `--json`), or the `--reason` flag a loss or a reopening needs. Any other
 * refusal as it came.
 */
export function withMoveHelp(refusal: CliRefusal, id: string, stageId: string): CliRefusal {
  if (refusal._tag === "ExitCriteriaNotMet") {
    const missing = (refusal as { missing?: readonly ExitCriterion[] }).missing ?? [];
    const known = missing.filter((c) => c in EXIT_CRITERION_COMMANDS);
    if (known.length === 0) return refusal;
    const fixes = criterionFixes(id, known);
    return {
      ...refusal,
      fixes,
      message: [
        refusal.message,
        `${known.length === 1 ? "This meets it" : "These meet them"}:`,
        ...fixes.map((f) => `  ${f}`),
        `then move it again: accountable opp move ${id} ${stageId}`,
      ].join("\n"),
    } as CliRefusal;
  }
  if (refusal._tag === "ReasonRequired")
    return {
      ...refusal,
      message: `${refusal.message.replace(/\.$/, "")}: pass it with --reason, as in accountable opp move ${id} ${stageId} --reason "<why>".`,
    };
  return refusal;
}
