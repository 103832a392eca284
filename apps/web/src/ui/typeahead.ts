// Ctrl/Cmd-K and what is typed right after it. The palette's code loads on first use, then it opens and focuses its
// field: the keys typed meanwhile are the search, never single-key shortcuts ("julia" typed right after Ctrl-K must
// not jump to Tasks on its "l"). One keydown listener in the window's capture phase, installed before the app
// renders (main.tsx), sees every key first: Ctrl/Cmd-K starts the palette on the key event itself (also before the
// layout is on screen, or from inside another field), and from then until the palette's own field has the focus,
// printable keys are kept here — kept from the shortcuts and from the page — and handed to the palette as its query.
// While the palette is opening or open, the layout runs no other shortcut (`paletteBusy`).

let typed: string | null = null;
let sink: ((text: string) => void) | null = null;
let open = false;
let onRequest: (() => void) | null = null;
let pending = false;

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

/** The palette says when it is on screen (Spotlight's open and close). */
export function setPaletteOpen(isOpen: boolean): void {
  open = isOpen;
  if (!isOpen) stopTypeahead();
}

/** Whether the palette is on its way or open: no single-key shortcut runs then. */
export function paletteBusy(): boolean {
  return typed !== null || open;
}

/**
 * The layout's way to open the palette; a Ctrl/Cmd-K pressed before the layout was there is handed to it at once.
 * Answers the unsubscription.
 */
export function onPaletteRequest(request: () => void): () => void {
  onRequest = request;
  if (pending) {
    pending = false;
    request();
  }
  return () => {
    if (onRequest === request) onRequest = null;
  };
}

/** Ctrl-K or ⌘-K (any case, no Alt). */
export function isPaletteKey(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k";
}

/** The palette's own search field (marked so by palette.tsx). */
const isPaletteField = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && target.dataset.paletteField === "true";

/** A keydown listener for the capture phase of the window (before the shortcuts' listener sees the key). */
export function captureTypeahead(event: KeyboardEvent): void {
  if (isPaletteKey(event)) {
    event.preventDefault();
    event.stopPropagation();
    // Ctrl-K again in the open palette leaves it as it is.
    if (open) return;
    startTypeahead();
    if (onRequest) onRequest();
    else pending = true;
    return;
  }
  if (typed === null) return;
  // Once the palette's field has the focus, what is typed goes there as usual.
  if (isPaletteField(event.target)) {
    stopTypeahead();
    return;
  }
  if (event.key === "Escape") {
    stopTypeahead();
    pending = false;
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
