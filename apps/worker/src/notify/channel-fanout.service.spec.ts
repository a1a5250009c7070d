import { channelAlertJobId } from '@app/contracts';
import { channelDirectory, DINGTALK_URL, WEBHOOK_URL, WECOM_URL } from '../../../../test/unit-fakes/channels.fixture';
import { InMemoryNotifications } from '../../../../test/unit-fakes/notifications.fake';
import { FakeQueue } from '../../../../test/unit-fakes/queue.fake';
import { ChannelProducer } from '../queue/channel-producer.service';
import { ChannelFanout } from './channel-fanout.service';

describe('ChannelFanout', () => {
  let rows: InMemoryNotifications;
  let queue: FakeQueue;

  function fanout(env: Record<string, string>) {
    const { directory } = channelDirectory(env);
    rows = new InMemoryNotifications();
    queue = new FakeQueue('lead-channels');
    return { directory, fanout: new ChannelFanout(directory, rows.asRepository(), new ChannelProducer(queue.asQueue())) };
  }

  const everything = {
    DINGTALK_ROBOTS: `华东=${DINGTALK_URL}`,
    WECOM_ROBOTS: `华南=${WECOM_URL}`,
    WEBHOOK_URLS: WEBHOOK_URL,
  };

  it('gives a new lead one ledger row and one job per robot and webhook', async () => {
    const { directory, fanout: f } = fanout(everything);
    await f.newLead('lead-1');
    const keys = directory.all.map((d) => `${d.channel}:new-lead:lead-1:${d.id}`);
    expect(rows.rows.map((r) => [r.key, r.recipients])).toEqual(directory.all.map((d, i) => [keys[i], d.label]));
    expect([...queue.jobs.keys()]).toEqual(keys.map(channelAlertJobId));
    // A retried intake job adds nothing.
    await f.newLead('lead-1');
    expect(rows.rows).toHaveLength(3);
    expect(queue.jobs.size).toBe(3);
  });

  it('sends a routed lead only to the robots its form names, and still to every webhook', async () => {
    const { fanout: f } = fanout(everything);
    await f.newLead('lead-1', ['华南']);
    expect(rows.rows.map((r) => r.channel)).toEqual(['wecom', 'webhook']);
  });

  it('does nothing at all with no destinations configured', async () => {
    const { fanout: f } = fanout({});
    await f.newLead('lead-1');
    await f.taskUpdated({ id: 'task-1', leadId: 'lead-1' });
    expect(rows.rows).toEqual([]);
    expect(queue.added).toEqual([]);
  });

  it('tells only webhooks of a task change, a new row for every change', async () => {
    const { fanout: f } = fanout(everything);
    await f.taskUpdated({ id: 'task-1', leadId: 'lead-1' });
    await f.taskUpdated({ id: 'task-1', leadId: 'lead-1' });
    expect(rows.rows.map((r) => [r.channel, r.kind, r.taskId])).toEqual([
      ['webhook', 'task-updated', 'task-1'],
      ['webhook', 'task-updated', 'task-1'],
    ]);
    expect(new Set(rows.rows.map((r) => r.key)).size).toBe(2);
  });

  it('sends an SLA notice to the one destination asked, once per task and level', async () => {
    const { directory, fanout: f } = fanout(everything);
    const robot = directory.all[0];
    await f.taskNotice('reminder', robot, { id: 'task-1', leadId: 'lead-1' });
    await f.taskNotice('reminder', robot, { id: 'task-1', leadId: 'lead-1' });
    await f.taskNotice('escalation', robot, { id: 'task-1', leadId: 'lead-1' });
    expect(rows.rows.map((r) => r.key)).toEqual([
      `dingtalk:reminder:task-1:${robot.id}`,
      `dingtalk:escalation:task-1:${robot.id}`,
    ]);
  });

  it('resends to the destinations of one channel and returns their rows', async () => {
    const { directory, fanout: f } = fanout(everything);
    const sent = await f.resend('lead-1', 'dingtalk');
    expect(sent).toEqual([
      { id: rows.rows[0].id, channel: 'dingtalk', destination: directory.all[0].id, recipients: directory.all[0].label },
    ]);
    expect(rows.rows[0]).toMatchObject({ kind: 'resend', leadId: 'lead-1' });
    // Each resend is its own row.
    await f.resend('lead-1', 'dingtalk');
    expect(rows.rows).toHaveLength(2);
  });
});
