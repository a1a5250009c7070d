import { type HeapControls, settleBootHeap } from './release-boot-garbage';

const MB = 1024 * 1024;

/** A heap whose young generation shrinks at the `shrinkAt`-th collection; each look reads the next busy share. */
function fakeHeap(busy: number[], shrinkAt = 2) {
  const timers: (() => void)[] = [];
  let young = 32 * MB;
  let collections = 0;
  const controls: HeapControls = {
    gc: () => {
      collections += 1;
      if (collections >= shrinkAt) young = MB;
    },
    youngBytes: () => young,
    busySince: () => ({ share: busy.shift() ?? 0, mark: {} }),
    later: (_ms, run) => void timers.push(run),
  };
  const runTimers = () => {
    while (timers.length) timers.shift()!();
  };
  return { controls, runTimers, collections: () => collections, young: () => young };
}

describe('settleBootHeap', () => {
  it('collects at each idle look until the young generation is given back, then stops', () => {
    const heap = fakeHeap([0, 0.01, 0.01, 0.01]);
    settleBootHeap(heap.controls);
    heap.runTimers();
    expect(heap.collections()).toBe(2);
    expect(heap.young()).toBe(MB);
  });

  it('leaves a working process alone, and gives up after ten looks', () => {
    const heap = fakeHeap([0, ...Array(20).fill(0.6)]);
    settleBootHeap(heap.controls);
    heap.runTimers();
    expect(heap.collections()).toBe(0);
  });

  it('waits for the work to stop before collecting', () => {
    const heap = fakeHeap([0, 0.9, 0.9, 0.02, 0.02]);
    settleBootHeap(heap.controls);
    heap.runTimers();
    expect(heap.collections()).toBe(2);
  });

  it('does nothing once the young generation is small (V8 gave it back, or there is no gc())', () => {
    const heap = fakeHeap([0, 0, 0], 1);
    heap.controls.gc();
    settleBootHeap(heap.controls);
    heap.runTimers();
    expect(heap.collections()).toBe(1);
  });
});
