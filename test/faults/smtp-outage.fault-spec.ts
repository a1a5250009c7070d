import { sleep, waitFor } from '../support/wait';
import { FaultRig, holds, lostIds } from './support-fault-rig';

/**
 * Promise 3: SMTP down must not delay storing a lead. The lead and its task
 * land in Postgres at once; the alert waits (pending, retried with backoff)
 * and goes out exactly once when the relay is back.
 */
describe('faults: SMTP down, then up', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start();
  }, 90000);

  afterAll(async () => {
    await rig?.stop();
  }, 60000);

  it('stores leads and tasks while SMTP is down and alerts each lead once when it returns', async () => {
    await rig.sink.stop();
    const downAt = Date.now();

    const outcomes = await rig.load({ count: 30, concurrency: 5 });
    expect(rig.ledger.histogram(outcomes)).toEqual({ 202: 30 });

    // "At once": rows are there while the relay is still down.
    const stored = await waitFor(
      async () => {
        const r = await rig.check();
        return r.missingLeads.length === 0 && r.missingTasks.length === 0 ? r : null;
      },
      15000,
      'leads and tasks while SMTP is down',
    );
    const storedMs = Date.now() - downAt;
    expect(rig.sink.messages).toHaveLength(0);
    expect(stored.notificationStates.sent ?? 0).toBe(0);

    // Stay down long enough for several retries of each alert (backoff 200 ms .. 2 s).
    await sleep(4000);
    const [{ attempts, unsent }] = await rig.query<{ attempts: number; unsent: number }>(
      `SELECT coalesce(sum(attempts), 0)::int AS attempts, count(*) FILTER (WHERE status <> 'sent')::int AS unsent
         FROM notifications WHERE kind = 'new-lead'`,
    );
    expect(unsent).toBe(30);

    await rig.sink.start();
    const upAt = Date.now();
    const result = await rig.settle(upAt, 60000);

    rig.summarize('smtp-down-then-up', result, {
      storedWhileDownMs: storedMs,
      pendingWhileDown: unsent,
      sendAttemptsWhileDown: attempts,
      sinkDeliveries: rig.sink.deliveryAttempts,
    });
    if (!holds(result.report) || result.report.duplicateAlerts > 0) console.log(await rig.diagnose(result.report));

    expect(lostIds(result.report)).toEqual([]);
    expect(result.report.duplicateAlerts).toBe(0);
    expect(result.report.notificationStates).toEqual({ sent: 30 });
  }, 120000);
});
