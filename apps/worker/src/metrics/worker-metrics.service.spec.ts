import type { Job } from 'bullmq';
import { sample, workerMetrics } from '../../../../test/unit-fakes/metrics.fixture';

describe('WorkerMetrics', () => {
  it('counts emails sent and failed under the email channel', async () => {
    const m = workerMetrics();
    m.delivered('new-lead', true);
    m.delivered('new-lead', true);
    m.delivered('reminder', false);
    expect(await sample(m, 'alerts_sent_total', { channel: 'email', kind: 'new-lead' })).toBe(2);
    expect(await sample(m, 'alerts_failed_total', { channel: 'email', kind: 'reminder', reason: 'send-error' })).toBe(1);
  });

  it('counts chat messages sent, failed by reason, and batched by count', async () => {
    const m = workerMetrics();
    m.alertSent('dingtalk', 'digest');
    m.alertFailed('wecom', 'new-lead', 'http-500');
    m.alertBatched('dingtalk', 7);
    expect(await sample(m, 'alerts_sent_total', { channel: 'dingtalk', kind: 'digest' })).toBe(1);
    expect(await sample(m, 'alerts_failed_total', { channel: 'wecom', kind: 'new-lead', reason: 'http-500' })).toBe(1);
    expect(await sample(m, 'alerts_batched_total', { channel: 'dingtalk' })).toBe(7);
  });

  it('reads queue depths at scrape time', async () => {
    const m = workerMetrics({ 'lead-intake': { waiting: 4, failed: 2 } });
    expect(await sample(m, 'queue_jobs', { queue: 'lead-intake', state: 'waiting' })).toBe(4);
    expect(await sample(m, 'queue_jobs', { queue: 'lead-intake', state: 'failed' })).toBe(2);
    expect(await sample(m, 'queue_jobs', { queue: 'lead-notify', state: 'active' })).toBe(0);
  });

  it('times finished jobs, skipping a job that never ran', async () => {
    const m = workerMetrics();
    m.jobFinished({ queueName: 'lead-intake', name: 'lead.received', processedOn: 1000, finishedOn: 1300 } as Job, 'completed');
    m.jobFinished({ queueName: 'lead-intake', name: 'lead.received', finishedOn: 1300 } as Job, 'failed');
    m.jobFinished(undefined, 'failed');
    expect(
      await sample(m, 'job_duration_seconds_count', { queue: 'lead-intake', job: 'lead.received', outcome: 'completed' }),
    ).toBe(1);
    expect(
      await sample(m, 'job_duration_seconds_sum', { queue: 'lead-intake', job: 'lead.received', outcome: 'completed' }),
    ).toBe(0.3);
    expect(
      await sample(m, 'job_duration_seconds_count', { queue: 'lead-intake', job: 'lead.received', outcome: 'failed' }),
    ).toBeNull();
  });
});
