import { sleep, waitFor } from '../support/wait';
import { FaultRig, holds, lostIds } from './support-fault-rig';

/**
 * Promise 4 of DESIGN.md: SIGTERM (a deploy, a scale-down) under load stops
 * taking work, finishes or hands back what is in flight and exits 0. A
 * graceful stop has no excuse for a duplicate, so none is tolerated.
 */
describe('faults: SIGTERM of each app under load', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start();
  }, 90000);

  afterAll(async () => {
    await rig?.stop();
  }, 60000);

  it('worker: exits 0 on SIGTERM mid-burst, and after a restart every lead is stored and alerted once', async () => {
    const burst = rig.load({ count: 150, concurrency: 20, gapMs: 200 });

    await waitFor(() => rig.sink.messages.length >= 30, 60000, '30 alerts before SIGTERM');
    const t = Date.now();
    const code = await rig.worker.stop('SIGTERM', 20000);
    const shutdownMs = Date.now() - t;
    const sentAtExit = rig.sink.messages.length;
    await rig.startWorker();
    const restartedAt = Date.now();

    const outcomes = await burst;
    const result = await rig.settle(restartedAt, 90000);
    rig.summarize('worker-sigterm', result, { exitCode: code, shutdownMs, sentAtExit });
    if (!holds(result.report) || result.report.duplicateAlerts > 0) console.log(await rig.diagnose(result.report));

    expect(code).toBe(0);
    expect(rig.ledger.histogram(outcomes)).toEqual({ 202: 150 });
    expect(lostIds(result.report)).toEqual([]);
    expect(result.report.duplicateAlerts).toBe(0);
  }, 180000);

  it('gateway: exits 0 on SIGTERM under load, and every 202 it gave becomes a lead', async () => {
    const before = rig.ledger.outcomes.length;
    let exited = false;
    const load = rig.load({ until: () => exited, concurrency: 20, gapMs: 20 });

    await waitFor(() => rig.ledger.accepted.length >= 150 + 50, 30000, '50 accepted before SIGTERM');
    const t = Date.now();
    const code = await rig.gateway.stop('SIGTERM', 20000);
    const shutdownMs = Date.now() - t;
    exited = true;
    await load;
    const stoppedAt = Date.now();
    const during = rig.ledger.outcomes.slice(before);
    // Requests already sent when SIGTERM arrived: a graceful stop answers them.
    const cutOff = during.filter((o) => o.at < t && o.status === 'error');

    const result = await rig.settle(stoppedAt, 90000);
    rig.summarize('gateway-sigterm', result, {
      exitCode: code,
      shutdownMs,
      thisPhase: JSON.stringify(rig.ledger.histogram(during)),
      inFlightCutOff: cutOff.length,
      errors: JSON.stringify([...new Set(during.filter((o) => o.status === 'error').map((o) => o.error))]),
    });
    if (!holds(result.report) || result.report.duplicateAlerts > 0) console.log(await rig.diagnose(result.report));

    expect(code).toBe(0);
    // Anything but 202 is fine for requests cut off by the shutdown (connection
    // refused, 503), as long as no 5xx other than 503 and no lost 202.
    expect(during.filter((o) => typeof o.status === 'number' && o.status >= 500 && o.status !== 503)).toEqual([]);
    expect(lostIds(result.report)).toEqual([]);
    expect(result.report.duplicateAlerts).toBe(0);

    // Leave the rig whole (afterAll stops it) and prove the gateway comes back.
    await rig.startGateway();
    await sleep(0);
  }, 180000);
});
