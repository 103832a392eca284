// What is typed while the palette is on its way (its code loads on first use, then it opens and focuses its
// field): those keys are the search, not single-key shortcuts ("acme" typed right after Ctrl-K must not jump to
// Accounts on its "a"). From the request until the palette's field has the focus, printable keys are kept
// here — and kept from the shortcuts — and handed to the palette, which shows them as its query.

let typed: string | null = null;
let sink: ((text: string) => void) | null = null;

/** The palette was asked for: keep what is typed from now on. */
export function startTypeahead(): void {
  if (typed === null) typed = "";
}

/** The palette is open: it takes what was typed so far, and is told of what follows until its field has focus. */
export function takeTypeahead(onTyped: (text: string) => void): string {
  sink = onTyped;
  return typed ?? "";
}

export function stopTypeahead(): void {
  typed = null;
  sink = null;
}

/** A keydown listener for the capture phase of the window (before the shortcuts' listener sees the key). */
export function captureTypeahead(event: KeyboardEvent): void {
  if (typed === null) return;
  const target = event.target;
  // Once a field has the focus (the palette's own), what is typed goes there as usual.
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
    stopTypeahead();
    return;
  }
  if (event.key === "Escape") {
    stopTypeahead();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key.length === 1) typed += event.key;
  else if (event.key === "Backspace") typed = typed.slice(0, -1);
  else return;
  event.preventDefault();
  event.stopPropagation();
  sink?.(typed);
}
