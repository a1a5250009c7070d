import type { ChannelDestination, ChannelKind } from '@app/config';
import type { FormDefinition, LeadFields } from '@app/contracts';
import { onlyNamed, rerouteDestinations, routedRobots } from './robot-selection';

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

describe('routedRobots', () => {
  const fields = { name: '张伟', company: '华南钢铁', requirement: '报价' } as unknown as LeadFields;
  const form = {
    robots: ['华东'],
    routing: [{ field: 'company', contains: '华南', robots: ['华南'] }],
  } as unknown as FormDefinition;

  it("is the robots the lead's form and its first matching rule name, as at the lead's arrival", () => {
    expect(routedRobots(form, fields, {})).toEqual(['华南']);
    expect(routedRobots(form, { ...fields, company: '其他' }, {})).toEqual(['华东']);
  });

  it('is none (every robot) without a form definition', () => {
    expect(routedRobots(null, fields, {})).toEqual([]);
  });
});

describe('rerouteDestinations', () => {
  const all = [d('华东'), d('华南'), d('crm', 'webhook')];
  const directory = (robotNotices: string[]) => ({
    wanting: (notice: string) => all.filter((x) => x.channel === 'webhook' || robotNotices.includes(notice)),
  });
  const names = (list: ChannelDestination[]) => list.map((x) => x.name);

  it("pages a step where the lead's alert went and tells the limit to the same robots, webhooks always", () => {
    const { paged, limit } = rerouteDestinations(directory(['new-lead', 'escalation']), ['华南']);
    expect(names(paged)).toEqual(['华南', 'crm']);
    expect(names(limit)).toEqual(['华南', 'crm']);
  });

  it('leaves robots out of what ROBOT_NOTICES does not give them', () => {
    const { paged, limit } = rerouteDestinations(directory(['new-lead']), []);
    expect(names(paged)).toEqual(['华东', '华南', 'crm']);
    expect(names(limit)).toEqual(['crm']);
  });
});
