import { channelAlertJobId, channelAlertLaterJobId, JobName, robotDigestJobId } from '@app/contracts';
import { FakeQueue } from '../../../../test/unit-fakes/queue.fake';
import { ChannelProducer } from './channel-producer.service';

describe('ChannelProducer', () => {
  const row = { ledgerKey: 'dingtalk:new-lead:lead-1:r1', destinationId: 'r1' };
  let queue: FakeQueue;
  let producer: ChannelProducer;

  beforeEach(() => {
    queue = new FakeQueue('lead-channels');
    producer = new ChannelProducer(queue.asQueue());
  });

  it("adds one job per ledger row, under the row's key, so a row is queued once", async () => {
    const other = { ledgerKey: 'webhook:new-lead:lead-1:w1', destinationId: 'w1' };
    await producer.alert([row, other]);
    await producer.alert([row]);
    expect([...queue.jobs.keys()]).toEqual([channelAlertJobId(row.ledgerKey), channelAlertJobId(other.ledgerKey)]);
    expect(queue.jobs.get(channelAlertJobId(row.ledgerKey))).toMatchObject({ name: JobName.ChannelAlert, data: row });
  });

  it('queues a held-back alert for when the budget frees, never with a negative delay', async () => {
    await producer.alertLater(row, 5_000, -20);
    expect(queue.added[0].opts).toEqual({
      jobId: channelAlertLaterJobId(row.ledgerKey, 5_000),
      delay: 0,
      removeOnComplete: true,
    });
  });

  it('books one digest per robot and second', async () => {
    await producer.scheduleDigest('r1', 61_000, 1_000);
    await producer.scheduleDigest('r1', 61_000, 900);
    await producer.scheduleDigest('r1', 62_000, 2_000);
    expect([...queue.jobs.keys()]).toEqual([robotDigestJobId('r1', 61_000), robotDigestJobId('r1', 62_000)]);
    expect(queue.added[0]).toMatchObject({ name: JobName.RobotDigest, data: { destinationId: 'r1' } });
  });

  it('re-drives a row: retried when failed, replaced when finished, left alone when live', async () => {
    expect(await producer.redrive(row)).toBe('queued');
    expect(await producer.redrive(row)).toBe('in-queue');
    queue.jobs.get(channelAlertJobId(row.ledgerKey))!.state = 'failed';
    expect(await producer.redrive(row)).toBe('retried');
    queue.jobs.get(channelAlertJobId(row.ledgerKey))!.state = 'completed';
    expect(await producer.redrive(row)).toBe('queued');
    expect(queue.added).toHaveLength(2);
  });
});
