import { sleep, waitFor } from '../support/wait';
import { FaultRig, holds, lostIds } from './support-fault-rig';

const OUTAGE_MS = 15000;

/**
 * Promises 1 and 4 around Postgres: the gateway needs only Redis, so a
 * database outage must cost no 202; the worker keeps retrying (backoff
 * capped at JOB_BACKOFF_MAX_MS, attempts to spare) and every lead lands, with
 * its task and alert, once Postgres is back, without restarting the worker.
 */
describe('faults: Postgres stopped for a while', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start();
  }, 90000);

  afterAll(async () => {
    await rig?.stop();
  }, 60000);

  it(`keeps accepting during a ${OUTAGE_MS / 1000} s outage and stores everything afterwards`, async () => {
    const workerPid = rig.worker.child.pid;
    let stop = false;
    // A steady trickle (~10/s): the point is the duration, not the volume.
    const load = rig.load({ until: () => stop, concurrency: 2, gapMs: 200 });

    await waitFor(() => rig.ledger.accepted.length >= 10, 20000, '10 accepted before the outage');
    await rig.pg.stop({ mode: 'fast' });
    const stoppedAt = Date.now();
    const acceptedAtStop = rig.ledger.accepted.length;

    await sleep(OUTAGE_MS);
    const acceptedDuringOutage = rig.ledger.accepted.length - acceptedAtStop;
    const sentDuringOutage = rig.sink.messages.length;
    await rig.pg.start();
    const startedAt = Date.now();

    await sleep(1000);
    stop = true;
    const outcomes = await load;

    const result = await rig.settle(startedAt, 90000);
    rig.summarize('postgres-stopped-15s', result, {
      outageMs: startedAt - stoppedAt,
      acceptedDuringOutage,
      alertsSentByEndOfOutage: sentDuringOutage,
      notificationStates: JSON.stringify(result.report.notificationStates),
    });
    if (!holds(result.report) || result.report.duplicateAlerts > 0) console.log(await rig.diagnose(result.report));

    expect(rig.ledger.histogram(outcomes)).toEqual({ 202: outcomes.length });
    expect(acceptedDuringOutage).toBeGreaterThan(0);
    expect(rig.worker.child.pid).toBe(workerPid);
    expect(rig.worker.child.exitCode).toBeNull();
    expect(lostIds(result.report)).toEqual([]);
    expect(result.report.duplicateAlerts).toBe(0);
  }, 180000);
});
