// A batch line's words (`accountable batch`): quoted as a POSIX shell quotes — '…' keeps everything, "…" keeps
// everything but \" and \\, a backslash outside quotes keeps the next character — and nothing else: no $VARIABLES,
// globs, pipes or redirections (a line names one command; it is not a shell program). A line that starts with
// `[` is a JSON array of strings instead, for a script that builds lines with a JSON encoder.

/** The words of one line, or why it has none a command can be made of. */
export type LineWords =
  | { readonly ok: true; readonly words: readonly string[] }
  | { readonly ok: false; readonly message: string };

export function lineWords(line: string): LineWords {
  const text = line.trim();
  if (text.startsWith("[")) return jsonWords(text);
  const words: string[] = [];
  // undefined between words; "" is a word begun (an empty quoted word is one: '').
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word = `${word ?? ""}${c}`;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\"))
        word = `${word ?? ""}${text[++i]}`;
      else word = `${word ?? ""}${c}`;
    } else if (c === " " || c === "\t") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "\\") {
      if (i + 1 >= text.length) return { ok: false, message: "the line ends with a backslash." };
      word = (word ?? "") + text[++i];
    } else word = (word ?? "") + c;
  }
  if (quote) return { ok: false, message: `a ${quote === "'" ? "single" : "double"} quote is not closed.` };
  if (word !== undefined) words.push(word);
  return { ok: true, words };
}

function jsonWords(text: string): LineWords {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `the line starts with [ but is not JSON (${(e as Error).message}).` };
  }
  if (!Array.isArray(value) || !value.every((w) => typeof w === "string"))
    return { ok: false, message: 'a JSON line must be an array of strings, such as ["member", "list"].' };
  return { ok: true, words: value };
}
