import type { Redis } from 'ioredis';
import { fakeLogger } from '../../../../../test/unit-fakes/logger.fake';
import { channelDirectory, DINGTALK_URL } from '../../../../../test/unit-fakes/channels.fixture';
import { ChannelAlarm } from './channel-alarm.service';

describe('ChannelAlarm', () => {
  const robot = channelDirectory({ DINGTALK_ROBOTS: DINGTALK_URL }).directory.all[0];
  const badSecret = { status: 'config-error' as const, reason: 'bad-secret', detail: '310000 sign not match' };
  let keys: Map<string, unknown[]>;
  let logger: ReturnType<typeof fakeLogger>;
  let alarm: ChannelAlarm;

  beforeEach(() => {
    keys = new Map();
    logger = fakeLogger();
    // SET NX: only the first caller across all workers gets OK.
    const redis = { set: async (key: string, ...args: unknown[]) => (keys.has(key) ? null : (keys.set(key, args), 'OK')) };
    alarm = new ChannelAlarm(redis as unknown as Redis, 'leads', logger);
  });

  it('raises a misconfigured robot at error level once an hour, the repeats at debug', async () => {
    await alarm.raise(robot, badSecret);
    await alarm.raise(robot, badSecret);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      { destination: robot.label, reason: 'bad-secret', detail: '310000 sign not match' },
      expect.stringContaining('misconfigured'),
    );
    expect(logger.debug).toHaveBeenCalledTimes(1);
    expect([...keys]).toEqual([[`leads:channel-alarm:${robot.id}:bad-secret`, ['1', 'PX', 3_600_000, 'NX']]]);
  });

  it('raises each reason on its own', async () => {
    await alarm.raise(robot, badSecret);
    await alarm.raise(robot, { ...badSecret, reason: 'keyword' });
    expect(logger.error).toHaveBeenCalledTimes(2);
  });
});
