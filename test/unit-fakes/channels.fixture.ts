import { parseDestinations, type WorkerConfig } from '@app/config';
import { ChannelDirectory } from '../../apps/worker/src/notify/channels/channel-directory';
import { workerConfig } from './worker-config';

/** The real directory, parsed from robot variables as at boot (e.g. `{ DINGTALK_ROBOTS: 'https://…' }`). */
export function channelDirectory(env: Record<string, string>): { directory: ChannelDirectory; config: WorkerConfig } {
  const config = workerConfig(env);
  return { directory: new ChannelDirectory(parseDestinations(config), config.ROBOT_NOTICES), config };
}

export const DINGTALK_URL = 'https://oapi.dingtalk.com/robot/send?access_token=aaaa1111';
export const WECOM_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bbbb2222';
export const WEBHOOK_URL = 'https://crm.example.com/hooks/leads#signing-secret-1234567890';
