import { waitFor } from '../support/wait';
import { FaultRig, holds, lostIds } from './support-fault-rig';

// The worker's WORKER_CONCURRENCY, set below: at most that many
// alerts can be inside the unavoidable window (SMTP accepted, not yet
// recorded) when the process dies.
const CONCURRENCY = 8;
const LEADS = 300;

/**
 * Promise 2: a worker killed without warning (OOM killer, node crash, kill -9)
 * in the middle of a burst loses nothing: its jobs stall, another run picks
 * them up after the lock expires, and the notification ledger keeps the alert
 * from going out twice except in the unavoidable window.
 */
describe('faults: SIGKILL of the worker mid-burst', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start({ workerEnv: { WORKER_CONCURRENCY: String(CONCURRENCY) } });
  }, 90000);

  afterAll(async () => {
    await rig?.stop();
  }, 60000);

  it(`loses no lead when the worker is SIGKILLed twice during ${LEADS} concurrent posts`, async () => {
    const alerts = () => rig.sink.messages.length;
    // ~20 in flight, paced so the burst outlasts both kill/restart cycles.
    const burst = rig.load({ count: LEADS, concurrency: 20, gapMs: 600 });

    const kills: { sentBefore: number; accepted: number; restartMs: number }[] = [];
    let lastRestartAt = 0;
    for (const after of [40, 25]) {
      // Kill only once the (re)started worker is demonstrably busy sending.
      const base = alerts();
      await waitFor(() => alerts() >= base + after, 60000, `${after} more alerts before kill #${kills.length + 1}`);
      const sentBefore = alerts();
      const accepted = rig.ledger.accepted.length;
      const exit = await rig.worker.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      const t = Date.now();
      await rig.startWorker();
      lastRestartAt = Date.now();
      kills.push({ sentBefore, accepted, restartMs: lastRestartAt - t });
    }

    const outcomes = await burst;
    // The gateway needs only Redis: a dead worker never costs a 202.
    expect(rig.ledger.histogram(outcomes)).toEqual({ 202: LEADS });

    const result = await rig.settle(lastRestartAt, 90000);
    rig.summarize('worker-sigkill-x2', result, {
      kills: JSON.stringify(kills),
      notificationStates: JSON.stringify(result.report.notificationStates),
    });
    if (!holds(result.report) || result.report.duplicateAlerts > 0) console.log(await rig.diagnose(result.report));

    expect(lostIds(result.report)).toEqual([]);
    expect(result.report.notificationStates).toEqual({ sent: LEADS });
    // Duplicates are only legitimate inside the unavoidable window: at most
    // one per in-flight send per kill.
    expect(result.report.duplicateAlerts).toBeLessThanOrEqual(kills.length * CONCURRENCY);
  }, 240000);
});
