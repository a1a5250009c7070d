import type { EntityManager } from 'typeorm';
import { sample, workerMetrics } from '../../../../test/unit-fakes/metrics.fixture';
import type { FollowUpTask } from './follow-up-task';
import { SpeedMetrics } from '../metrics/speed-metrics.service';
import { BusinessCalendar } from './business-calendar';
import { parseBusinessHours } from './business-hours';
import { FirstTouchRepository } from './first-touch.repository';

/**
 * How a lead's first touch is measured. The statement's "only the first
 * caller wins" runs against Postgres end to end; here the manager answers
 * as Postgres would (the task's row marked or not).
 */
describe('FirstTouchRepository', () => {
  // Received Friday 17:50 in Shanghai, touched Monday 09:10: ten business minutes each side of the weekend.
  const RECEIVED = new Date('2026-03-06T09:50:00Z');
  const TOUCHED = new Date('2026-03-09T01:10:00Z');
  let marked: boolean;
  let writes: unknown[][];
  let metrics: ReturnType<typeof workerMetrics>;
  let touches: FirstTouchRepository;

  const manager = {
    query: async (sql: string, params: unknown[]) => {
      if (sql.includes('SELECT received_at')) return [{ received_at: RECEIVED }];
      writes.push(params);
      if (marked) return [];
      marked = true;
      return [{ id: params[0] }];
    },
  } as unknown as EntityManager;

  const task = (over: Partial<FollowUpTask> = {}) =>
    ({ id: 'task-1', leadId: 'lead-1', assignee: 'li', firstTouchAt: null, ...over }) as FollowUpTask;

  beforeEach(() => {
    marked = false;
    writes = [];
    metrics = workerMetrics();
    touches = new FirstTouchRepository(
      new BusinessCalendar(parseBusinessHours('Mon-Fri 09:00-18:00 Asia/Shanghai'), 30),
      new SpeedMetrics(metrics),
    );
  });

  it('records who touched it and how long the customer waited, in wall and business seconds, for the owner then', async () => {
    const t = task();
    const touch = await touches.record(manager, t, 'wang', TOUCHED);
    expect(touch).toEqual({
      firstTouchAt: TOUCHED,
      firstTouchBy: 'wang',
      responseSeconds: 228_000,
      responseBusinessSeconds: 1_200,
    });
    expect(writes).toEqual([['task-1', TOUCHED, 'wang', 'li', 228_000, 1_200]]);
    expect(t).toMatchObject({ firstTouchBy: 'wang', responseBusinessSeconds: 1_200 });
  });

  it('records it once: a task touched before, or marked by a racing request, is left alone', async () => {
    expect(await touches.record(manager, task({ firstTouchAt: new Date(RECEIVED) }), 'wang', TOUCHED)).toBeNull();
    expect(writes).toEqual([]);
    await touches.record(manager, task(), 'li', TOUCHED);
    const t = task();
    expect(await touches.record(manager, t, 'wang', TOUCHED)).toBeNull();
    expect(t.firstTouchBy).toBeUndefined();
  });

  it('observes the wait in the speed-to-lead histogram once committed, and nothing for no touch', async () => {
    touches.observe(await touches.record(manager, task(), 'wang', TOUCHED));
    touches.observe(null);
    expect(await sample(metrics, 'lead_first_touch_seconds_count')).toBe(1);
    expect(await sample(metrics, 'lead_first_touch_seconds_sum')).toBe(228_000);
  });
});
