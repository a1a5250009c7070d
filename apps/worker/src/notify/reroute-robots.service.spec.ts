import { channelAlertJobId } from '@app/contracts';
import { channelDirectory, DINGTALK_URL, WEBHOOK_URL } from '../../../../test/unit-fakes/channels.fixture';
import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { FakeQueue } from '../../../../test/unit-fakes/queue.fake';
import type { FormRepository, LeadForm } from '../data/form.repository';
import type { LeadRepository } from '../data/lead.repository';
import { ChannelProducer } from '../queue/channel-producer.service';
import { RerouteRobotTargets } from './reroute-robots.service';

const EAST = 'https://oapi.dingtalk.com/robot/send?access_token=east';

describe('RerouteRobotTargets', () => {
  const lead = aLead({ company: '华南钢铁' });
  let forms: { attached: LeadForm | null; versions: Map<string, unknown>; current: unknown; reads: string[] };
  let queue: FakeQueue;
  let idOf: (name: string) => string;

  function targets(env: Record<string, string>) {
    const { directory } = channelDirectory(env);
    idOf = (name) => directory.all.find((d) => d.name === name)!.id;
    queue = new FakeQueue('lead-channels');
    const formRepo = {
      ofLead: async () => forms.attached,
      definitionAt: async (slug: string, version: number) => (
        forms.reads.push(`${slug}@${version}`),
        forms.versions.get(`${slug}@${version}`) ?? null
      ),
      find: async (slug: string) => (forms.reads.push(slug), forms.current),
    };
    return new RerouteRobotTargets(
      directory,
      { findById: async (id: string) => (id === lead.id ? lead : null) } as unknown as LeadRepository,
      formRepo as unknown as FormRepository,
      new ChannelProducer(queue.asQueue()),
    );
  }

  const env = {
    DINGTALK_ROBOTS: `华东=${EAST},华南=${DINGTALK_URL}`,
    WEBHOOK_URLS: WEBHOOK_URL,
    ROBOT_NOTICES: 'new-lead,escalation',
  };
  const ids = async (t: RerouteRobotTargets) => {
    const { paged, limit } = await t.of(lead.id);
    return { paged: paged.map((r) => r.id), limit: limit.map((r) => r.id) };
  };

  beforeEach(() => {
    forms = { attached: null, versions: new Map(), current: null, reads: [] };
  });

  it('reads the robots from the form version the lead was posted under, with its answers', async () => {
    forms.attached = { slug: 'quote', version: 3, name: null, fields: [], custom: { region: '华南' } };
    forms.versions.set('quote@3', { robots: ['华东'], routing: [{ field: 'region', equals: '华南', robots: ['华南'] }] });
    const t = targets(env);
    const { paged, limit } = await t.of(lead.id);
    expect(forms.reads).toEqual(['quote@3']);
    expect(paged.map((r) => [r.id, r.channel])).toEqual([
      [idOf('华南'), 'dingtalk'],
      [idOf('webhook-1'), 'webhook'],
    ]);
    // The ledger row's recipients: the masked label, never the token.
    expect(paged[0].label).not.toContain(DINGTALK_URL.split('=')[1]);
    expect(limit).toEqual(paged);
  });

  it('goes by the default form as it is now for a plain post, and to every robot without one', async () => {
    forms.current = { robots: ['华东'], routing: [] };
    const t = targets(env);
    expect((await ids(t)).paged).toEqual([idOf('华东'), idOf('webhook-1')]);
    expect(forms.reads).toEqual(['default']);
    forms.current = null;
    expect((await ids(t)).limit).toEqual([idOf('华东'), idOf('华南'), idOf('webhook-1')]);
  });

  it('reads nothing when no robot or webhook is configured, and queues one job per row', async () => {
    const none = targets({});
    expect(await none.of(lead.id)).toEqual({ paged: [], limit: [] });
    expect(forms.reads).toEqual([]);
    const t = targets(env);
    const rows = [{ ledgerKey: 'dingtalk:assigned:task-1:1:abc', destinationId: 'abc' }];
    await t.queue([]);
    expect(queue.jobs.size).toBe(0);
    await t.queue(rows);
    expect(queue.jobs.get(channelAlertJobId(rows[0].ledgerKey))!.data).toEqual(rows[0]);
  });
});
