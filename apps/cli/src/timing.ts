// ACCOUNTABLE_TIMING=1 prints where an invocation's time went, on stderr at exit: loading the command's code,
// opening the database (PGlite's start-up and the migration check), the command itself, closing. The marks
// cost nothing otherwise; the bench (bench/cli.bench.mjs) reads them.

const marks: [string, number][] = [];
let listening = false;

/** Records that a phase ended now. */
export function mark(phase: string): void {
  if (!process.env.ACCOUNTABLE_TIMING) return;
  marks.push([phase, performance.now()]);
  if (listening) return;
  listening = true;
  process.once("exit", () => {
    let previous = 0;
    const parts = marks.map(([name, at]) => {
      const part = `${name} ${Math.round(at - previous)} ms`;
      previous = at;
      return part;
    });
    process.stderr.write(`timing: ${parts.join(", ")}; total ${Math.round(performance.now())} ms\n`);
  });
}
