import type { ChannelDestination, ChannelKind } from '@app/config';
import { onlyNamed } from './robot-selection';

const d = (name: string, channel: ChannelKind = 'dingtalk'): ChannelDestination => ({
  id: name,
  name,
  channel,
  url: `https://example.com/${name}`,
  secret: null,
  label: name,
  perMinute: 0,
  perSecond: 0,
});

describe('onlyNamed', () => {
  const all = [d('华东'), d('dingtalk-2'), d('feishu-1', 'feishu'), d('crm', 'webhook')];
  const names = (list: ChannelDestination[]) => list.map((x) => x.name);

  it('is every destination when the form names no robot', () => {
    expect(names(onlyNamed(all, []))).toEqual(['华东', 'dingtalk-2', 'feishu-1', 'crm']);
  });

  it('keeps the named robots and every webhook', () => {
    expect(names(onlyNamed(all, ['华东', 'feishu-1']))).toEqual(['华东', 'feishu-1', 'crm']);
  });

  it('falls back to every robot when none of the names is configured, so no lead goes unannounced', () => {
    expect(names(onlyNamed(all, ['华南']))).toEqual(['华东', 'dingtalk-2', 'feishu-1', 'crm']);
    expect(names(onlyNamed(all, ['crm']))).toEqual(['华东', 'dingtalk-2', 'feishu-1', 'crm']);
  });
});
