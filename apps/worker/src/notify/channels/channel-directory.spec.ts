import { parseDestinations } from '@app/config/channels-env';
import { workerEnv } from '@app/config/env';
import { loadConfig } from '@app/config/load-config';
import { channelAlertJobId, channelAlertLaterJobId, robotDigestJobId } from '@app/contracts/queues';
import { ChannelDirectory } from './channel-directory';

const ENV = {
  DINGTALK_ROBOTS: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123#SECsecret',
  WECOM_ROBOTS: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef0123456789abcd',
  WEBHOOK_URLS: 'https://crm.example.com/hooks/leads#whsec_1',
};

function directory(env: Record<string, string> = {}): ChannelDirectory {
  const config = loadConfig(workerEnv, { ...ENV, ...env });
  return new ChannelDirectory(parseDestinations(config), config.ROBOT_NOTICES);
}

describe('ChannelDirectory', () => {
  it('reads the destinations from the worker env, each findable by its id', () => {
    const d = directory();
    expect(d.all.map((x) => x.channel)).toEqual(['dingtalk', 'wecom', 'webhook']);
    for (const x of d.all) expect(d.find(x.id)).toBe(x);
    expect(d.empty).toBe(false);
    expect(directory({ DINGTALK_ROBOTS: '', WECOM_ROBOTS: '', WEBHOOK_URLS: '' }).empty).toBe(true);
  });

  it('gives robots what ROBOT_NOTICES lists and webhooks every event but digests', () => {
    const d = directory({ ROBOT_NOTICES: 'new-lead,escalation' });
    const channels = (notice: Parameters<ChannelDirectory['wanting']>[0]) => d.wanting(notice).map((x) => x.channel);
    expect(channels('new-lead')).toEqual(['dingtalk', 'wecom', 'webhook']);
    expect(channels('resend')).toEqual(['dingtalk', 'wecom', 'webhook']);
    expect(channels('reminder')).toEqual(['webhook']);
    expect(channels('escalation')).toEqual(['dingtalk', 'wecom', 'webhook']);
    expect(channels('task-updated')).toEqual(['webhook']);
    // Without `digest`, leads beyond a robot's budget go one by one as it frees.
    expect(channels('digest')).toEqual([]);
    expect(
      directory()
        .wanting('digest')
        .map((x) => x.channel),
    ).toEqual(['dingtalk', 'wecom']);
    expect(d.wanting('new-lead', 'wecom').map((x) => x.channel)).toEqual(['wecom']);
  });
});

describe('channel job ids', () => {
  const key = 'dingtalk:new-lead:0b8f8f3e-6a57-4a55-9d8e-2f3a1c9b7e10:abcdef012345';

  it('are stable per ledger row and hold no ":" (BullMQ refuses it)', () => {
    expect(channelAlertJobId(key)).toBe('chat.dingtalk.new-lead.0b8f8f3e-6a57-4a55-9d8e-2f3a1c9b7e10.abcdef012345');
    expect(channelAlertLaterJobId(key, 1_700_000_000_999)).toBe(`${channelAlertJobId(key)}.at-1700000000`);
  });

  it('name one digest per robot and second', () => {
    expect(robotDigestJobId('abc', 1_700_000_000_001)).toBe(robotDigestJobId('abc', 1_700_000_000_999));
    expect(robotDigestJobId('abc', 1_700_000_001_000)).not.toBe(robotDigestJobId('abc', 1_700_000_000_999));
  });
});
