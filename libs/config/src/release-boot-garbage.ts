import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

/**
 * One full collection at the end of an app's boot. Loading ~1700 modules
 * and Nest's scan grow V8's young generation to its maximum (two 16 MB
 * semi-spaces by default) and leave garbage in the old space. V8's memory
 * reducer gives both back, but only once a full collection has armed it
 * (it then waits ~8 s and acts if the process is idle); a quiet app never
 * reaches one on its own and would keep ~30 MB for good. Apps keep V8's
 * full-size young generation for their work: a small fixed one
 * (`--max-semi-space-size`) means more scavenges and more objects promoted
 * under load.
 *
 * Needs `--expose-gc` (both `npm run start:*` scripts set it); without it,
 * nothing happens.
 */
export function releaseBootGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** What settleBootHeap reads and does, injectable so the rule is testable without V8. */
export interface HeapControls {
  gc(): void;
  /** The young generation's reserved size, bytes. */
  youngBytes(): number;
  /** Share of the time since `since` the event loop was busy (0..1), and a new mark to measure from. */
  busySince(since: unknown): { share: number; mark: unknown };
  later(ms: number, run: () => void): void;
}

/** Young generation at or under this: given back already. */
const SHRUNK_BYTES = 4 * 1024 * 1024;
/** Busier than this since the last look: working, not idle. */
const IDLE_SHARE = 0.05;
const LOOK_EVERY_MS = 3000;
const LOOKS = 10;

/**
 * The boot's young generation, given back within seconds of an idle boot
 * instead of whenever V8's memory reducer gets to it: on a busy machine the
 * worker's own timers kept postponing it for 20 s to minutes (~35 MB of
 * RSS). V8 shrinks the young generation at an explicit collection when it
 * has seen a low but non-zero allocation rate since the one before. So,
 * every few seconds while the process is idle (event loop busy < 5 % since
 * the last look), one collection, until the young generation is small or
 * after ten looks; a process that is working is left alone (it needs that
 * space, and a full collection would only cost it time).
 */
export function settleBootHeap(controls: HeapControls = v8Controls()): void {
  let mark = controls.busySince(undefined).mark;
  let looks = 0;
  const look = () => {
    looks += 1;
    const busy = controls.busySince(mark);
    mark = busy.mark;
    if (controls.youngBytes() <= SHRUNK_BYTES) return;
    if (busy.share < IDLE_SHARE) controls.gc();
    if (looks < LOOKS) controls.later(LOOK_EVERY_MS, look);
  };
  controls.later(LOOK_EVERY_MS, look);
}

function v8Controls(): HeapControls {
  const gc = (globalThis as { gc?: () => void }).gc;
  return {
    gc: () => gc?.(),
    youngBytes: () => (gc ? (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) : 0),
    busySince: (since) => {
      const now = performance.eventLoopUtilization();
      const share = since ? performance.eventLoopUtilization(now, since as typeof now).utilization : 1;
      return { share, mark: now };
    },
    later: (ms, run) => void setTimeout(run, ms).unref(),
  };
}
