import { alertJobId, deadLetterJobId, digestJobId, handoverJobId, JobName, resendJobId } from '@app/contracts';
import { FakeQueue } from '../../../../test/unit-fakes/queue.fake';
import { NotifyProducer } from './notify-producer.service';

describe('NotifyProducer', () => {
  let queue: FakeQueue;
  let producer: NotifyProducer;

  beforeEach(() => {
    queue = new FakeQueue('lead-notify');
    producer = new NotifyProducer(queue.asQueue());
  });

  describe('redriveAlert', () => {
    it("queues the alert job under the lead's id when there is none", async () => {
      expect(await producer.redriveAlert('lead-1')).toBe('queued');
      expect(queue.added).toEqual([
        { name: JobName.LeadAlert, data: { leadId: 'lead-1' }, opts: { jobId: alertJobId('lead-1') } },
      ]);
    });

    it('retries a failed job instead of adding one (an add would be a no-op)', async () => {
      const job = queue.put(alertJobId('lead-1'), 'failed');
      expect(await producer.redriveAlert('lead-1')).toBe('retried');
      expect(job.retried).toBe(1);
      expect(queue.added).toEqual([]);
    });

    it('replaces a completed job, and leaves a live one alone', async () => {
      queue.put(alertJobId('done'), 'completed');
      expect(await producer.redriveAlert('done')).toBe('queued');
      expect(queue.jobs.get(alertJobId('done'))!.state).toBe('waiting');
      for (const state of ['waiting', 'active', 'delayed'] as const) {
        queue.put(alertJobId(state), state);
        expect(await producer.redriveAlert(state)).toBe('in-queue');
      }
    });
  });

  it("schedules one digest per minute of a flood, due at the minute's end", async () => {
    const now = Date.parse('2026-03-02T01:00:42.500Z');
    await producer.scheduleDigest(now);
    await producer.scheduleDigest(now + 10_000);
    const minute = Math.floor(now / 60_000);
    expect(queue.added.map((a) => a.opts)).toEqual([
      { jobId: digestJobId(minute), delay: 17_500 },
      { jobId: digestJobId(minute), delay: 7_500 },
    ]);
    expect(queue.jobs.size).toBe(1);
  });

  it('queues resends, hand-overs and dead-letter notices under ids that make each once', async () => {
    await producer.resend({ leadId: 'lead-1', resendId: 'r1' } as never, 'r1');
    await producer.handover({ handoverId: 'h1', from: 'li', to: 'wang', tasks: [] });
    await producer.handover({ handoverId: 'h1', from: 'li', to: 'wang', tasks: [] });
    await producer.deadLetter({ deadLetterId: 'd1' });
    expect([...queue.jobs.keys()]).toEqual([resendJobId('r1'), handoverJobId('h1', 'wang'), deadLetterJobId('d1')]);
  });

  it("removes a lead's alert and resend jobs for erasure, scrubbing one that is running", async () => {
    queue.put(alertJobId('lead-1'), 'completed', { leadId: 'lead-1' });
    const running = queue.put(resendJobId('r1'), 'active', { leadId: 'lead-1', name: '张三' });
    expect(await producer.removeLeadJobs('lead-1', ['r1', 'r2'])).toBe(2);
    expect(queue.jobs.has(alertJobId('lead-1'))).toBe(false);
    expect(running.data).toEqual({ erased: true, id: resendJobId('r1') });
  });
});
