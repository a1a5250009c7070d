import { JobName } from '@app/contracts';
import { aLeadPayload } from '../../../../test/unit-fakes/lead-payload.fixture';
import { FakeQueue } from '../../../../test/unit-fakes/queue.fake';
import { IntakeProducer } from './intake-producer.service';

describe('IntakeProducer.replay', () => {
  const repaired = aLeadPayload();
  let queue: FakeQueue;
  let producer: IntakeProducer;

  beforeEach(() => {
    queue = new FakeQueue('lead-intake');
    producer = new IntakeProducer(queue.asQueue());
  });

  it('gives a failed job the repaired data and retries it', async () => {
    const job = queue.put('job-1', 'failed', { broken: true });
    expect(await producer.replay('job-1', repaired)).toBe('retried');
    expect(job.data).toBe(repaired);
    expect(job.retried).toBe(1);
  });

  it('adds the job anew under the same id when it is gone or finished', async () => {
    expect(await producer.replay('job-2', repaired)).toBe('queued');
    queue.put('job-3', 'completed');
    expect(await producer.replay('job-3', repaired)).toBe('queued');
    expect(queue.added.map((a) => [a.name, a.opts.jobId])).toEqual([
      [JobName.LeadReceived, 'job-2'],
      [JobName.LeadReceived, 'job-3'],
    ]);
    expect(queue.jobs.get('job-3')!.data).toBe(repaired);
  });

  it('leaves a job that is waiting or running alone (a second click adds nothing)', async () => {
    queue.put('job-4', 'active');
    expect(await producer.replay('job-4', repaired)).toBe('in-queue');
    expect(queue.added).toEqual([]);
  });
});
