import { chatRegistry } from '../../../../test/unit-fakes/chat-registry.fixture';
import { channelDirectory, DINGTALK_URL } from '../../../../test/unit-fakes/channels.fixture';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { sample, workerMetrics } from '../../../../test/unit-fakes/metrics.fixture';
import { ChannelSender } from './channel-sender.service';
import type { ChannelAlarm } from './channels/channel-alarm.service';
import type { ChannelHttpClient } from './channels/channel-http.client';
import type { ChatRequest, HttpResult } from './channels/chat-channel';

describe('ChannelSender', () => {
  const { directory, config } = channelDirectory({ DINGTALK_ROBOTS: DINGTALK_URL, ROBOT_KEYWORD: '新线索' });
  const robot = directory.all[0];
  let answer: HttpResult;
  let requests: ChatRequest[];
  let alarms: string[];
  let logger: ReturnType<typeof fakeLogger>;
  let metrics: ReturnType<typeof workerMetrics>;
  let sender: ChannelSender;

  beforeEach(() => {
    answer = { kind: 'response', status: 200, body: { errcode: 0, errmsg: 'ok' }, text: '{"errcode":0}' };
    requests = [];
    alarms = [];
    logger = fakeLogger();
    metrics = workerMetrics();
    sender = new ChannelSender(
      chatRegistry(),
      { post: async (req: ChatRequest) => (requests.push(req), answer) } as unknown as ChannelHttpClient,
      { raise: async (_d: unknown, o: { reason: string }) => void alarms.push(o.reason) } as unknown as ChannelAlarm,
      metrics,
      config,
      logger,
    );
  });

  it("posts the platform's message with the keyword to the robot's URL and counts a success", async () => {
    const outcome = await sender.send(robot, { kind: 'test' }, 'row-1', 1);
    expect(outcome.status).toBe('sent');
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toContain('oapi.dingtalk.com/robot/send');
    expect(JSON.stringify(requests[0])).toContain('新线索');
    expect(await sample(metrics, 'alerts_sent_total', { channel: 'dingtalk', kind: 'test' })).toBe(1);
  });

  it('raises the alarm on a configuration error and counts the failure by reason', async () => {
    answer = {
      kind: 'response',
      status: 200,
      body: { errcode: 310000, errmsg: 'keywords not in content' },
      text: '{"errcode":310000}',
    };
    const outcome = await sender.send(robot, { kind: 'test' }, 'row-1', 1);
    expect(outcome.status).toBe('config-error');
    expect(alarms).toEqual([outcome.reason]);
    expect(await sample(metrics, 'alerts_failed_total', { channel: 'dingtalk', kind: 'test', reason: outcome.reason })).toBe(1);
  });

  it('logs a failed delivery with its attempt and returns the outcome for the caller to settle', async () => {
    answer = { kind: 'network', error: 'ECONNRESET', timedOut: false };
    const outcome = await sender.send(robot, { kind: 'test' }, 'row-1', 3);
    expect(outcome.status).toBe('retry');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ attempt: 3, destination: robot.label }),
      'chat message not delivered',
    );
    expect(alarms).toEqual([]);
  });
});
