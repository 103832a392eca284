import type { CalendarDate, Timestamp } from "@accountable/domain";

// Time for the demo's stories: moments as epoch milliseconds (computed from `now`, never read from a clock),
// and a timeline that runs an account's scheduled actions in order, dropping any that fall after `now`.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const iso = (ms: number): Timestamp => new Date(ms).toISOString() as Timestamp;
export const dayOf = (ms: number): CalendarDate => iso(ms).slice(0, 10) as CalendarDate;
export const startOfDayMs = (ms: number): number => ms - (((ms % DAY) + DAY) % DAY);
/** 02:00 UTC on a day: when the nightly sweep runs in the demo's past. */
export const sweepMomentOf = (d: CalendarDate): number => Date.parse(`${d}T02:00:00.000Z`);

interface Scheduled {
  readonly t: number;
  readonly seq: number;
  readonly run: (t: number) => void;
}

/**
 * A priority queue of actions by time (ties in the order they were scheduled). An action scheduled before
 * the one running is moved to the same moment, so time never runs backwards within a story; one scheduled
 * after `now` never happens — it lies in the demo's future.
 */
export class Timeline {
  private readonly heap: Scheduled[] = [];
  private seq = 0;
  private current = Number.NEGATIVE_INFINITY;

  constructor(readonly nowMs: number) {}

  /** The moment of the action running (or the last one run). */
  get time(): number {
    return this.current;
  }

  at(t: number, run: (t: number) => void): void {
    const when = Math.max(Math.floor(t), this.current);
    if (when > this.nowMs) return;
    this.heap.push({ t: when, seq: this.seq++, run });
    this.up(this.heap.length - 1);
  }

  run(): void {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      const last = this.heap.pop()!;
      if (this.heap.length > 0) {
        this.heap[0] = last;
        this.down(0);
      }
      this.current = top.t;
      top.run(top.t);
    }
  }

  private less(a: Scheduled, b: Scheduled): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) return;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
