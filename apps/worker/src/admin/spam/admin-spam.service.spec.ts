import { NotFoundException } from '@nestjs/common';
import { aLead } from '../../../../../test/unit-fakes/lead.fixture';
import { workerConfig } from '../../../../../test/unit-fakes/worker-config';
import type { SpamModelService } from '../../intake/spam/spam-model.service';
import type { FormDefinition } from '@app/contracts';
import { BusinessCalendar } from '../../data/business-calendar';
import type { FormRepository, LeadForm } from '../../data/form.repository';
import type { LeadRepository } from '../../data/lead.repository';
import type { SpamMetric } from '../../metrics/spam.metric';
import type { SpamRepository } from '../../data/spam.repository';
import type { ReleasePlan, SpamReleaseRepository } from '../../data/spam-release.repository';
import type { AssignedNoticeService } from '../../notify/assigned-notice.service';
import type { ChannelFanout } from '../../notify/channel-fanout.service';
import type { NotifyProducer } from '../../queue/notify-producer.service';
import { AdminSpamService } from './admin-spam.service';

describe('AdminSpamService', () => {
  const held = aLead({ requirement: '便宜 代开 发票 http://spam.example', quarantined: true });
  const erased = aLead({ erasedAt: new Date() });
  let released: { owner: string | null } | null;
  let releaseArgs: [string, ReleasePlan][];
  let attached: LeadForm | null;
  let forms: Record<string, FormDefinition>;
  let learned: boolean;
  let lessons: unknown[][];
  let sideEffects: string[];
  let verdicts: string[];
  let service: AdminSpamService;

  function build(env: Record<string, string> = {}) {
    service = new AdminSpamService(
      { findById: async (id: string) => [held, erased].find((l) => l.id === id) ?? null } as unknown as LeadRepository,
      {
        markSpam: async (id: string, actor: string) => void sideEffects.push(`spam:${id}:${actor}`),
        quarantined: async (limit: number) => [{ id: 'q', limit }],
      } as unknown as SpamRepository,
      {
        release: async (leadId: string, plan: ReleasePlan) => (releaseArgs.push([leadId, plan]), released),
      } as unknown as SpamReleaseRepository,
      {
        ofLead: async () => attached,
        definitionAt: async (slug: string, version: number) => forms[`${slug}@${version}`] ?? null,
        find: async (slug: string) => forms[`${slug}@now`] ?? null,
      } as unknown as FormRepository,
      { learn: async (...args: unknown[]) => (lessons.push(args), learned) } as unknown as SpamModelService,
      new BusinessCalendar(null, 30),
      { redriveAlert: async (id: string) => void sideEffects.push(`alert:${id}`) } as unknown as NotifyProducer,
      {
        newLead: async (id: string, robots: string[] = []) => void sideEffects.push(`robots:${id}:${robots.join(',')}`),
      } as unknown as ChannelFanout,
      { onArrival: async (id: string) => (sideEffects.push(`owner:${id}`), 'sent') } as unknown as AssignedNoticeService,
      { verdict: (v: string) => void verdicts.push(v) } as unknown as SpamMetric,
      workerConfig({ MAIL_TO: 'a@example.com,b@example.com', ...env }),
    );
  }

  beforeEach(() => {
    released = { owner: 'li' };
    releaseArgs = [];
    attached = null;
    forms = {};
    learned = true;
    lessons = [];
    sideEffects = [];
    verdicts = [];
    build();
  });

  it('releases a held lead once: its alert, robots and owner notice queued, the model taught "genuine"', async () => {
    const before = Date.now();
    expect(await service.release(held.id, 'boss')).toEqual({ id: held.id, released: true, owner: 'li', learned: true });
    const [id, plan] = releaseArgs[0];
    expect([id, plan.recipients, plan.assign, plan.team, plan.returningCustomerDays]).toEqual([
      held.id,
      'a@example.com, b@example.com',
      true,
      null,
      730,
    ]);
    // Due from now, not from when the lead arrived.
    expect(plan.dueAt.getTime()).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(sideEffects).toEqual([`alert:${held.id}`, `robots:${held.id}:`, `owner:${held.id}`]);
    expect(verdicts).toEqual(['not-spam']);
    expect(lessons[0]).toEqual([held.id, 'genuine', expect.arrayContaining(['url:spam.example']), 'boss']);
  });

  it('sends a released lead where its form routes it: team, recipients, robots and SLA of the version it came under', async () => {
    attached = { slug: 'quote', version: 2, name: 'Quote', fields: [], custom: { product: '钢材' } };
    forms['quote@2'] = aForm({
      slug: 'quote',
      slaMinutes: 90,
      robots: ['form-robot'],
      routing: [{ field: 'product', equals: '钢材', team: '华东钢材', mailTo: ['steel@example.com'], robots: ['steel-robot'] }],
    });
    const before = Date.now();
    await service.release(held.id, 'boss');
    const [, plan] = releaseArgs[0];
    expect([plan.team, plan.recipients]).toEqual(['华东钢材', 'steel@example.com']);
    expect(plan.dueAt.getTime()).toBeGreaterThanOrEqual(before + 90 * 60_000);
    expect(sideEffects).toContain(`robots:${held.id}:steel-robot`);
  });

  it("follows the default form's settings as they stand for a plain post, and everyone's when no form is stored", async () => {
    forms['default@now'] = aForm({ slug: 'default', team: '销售一部', mailTo: ['one@example.com'] });
    await service.release(held.id, 'boss');
    expect([releaseArgs[0][1].team, releaseArgs[0][1].recipients]).toEqual(['销售一部', 'one@example.com']);
    forms = {};
    await service.release(held.id, 'boss');
    expect([releaseArgs[1][1].team, releaseArgs[1][1].recipients]).toEqual([null, 'a@example.com, b@example.com']);
  });

  it('pages nobody when another click released it first, but still records the verdict for the model', async () => {
    released = null;
    expect(await service.release(held.id, 'boss')).toEqual({ id: held.id, released: false, owner: null, learned: true });
    expect(sideEffects).toEqual([]);
    expect(verdicts).toEqual([]);
    expect(lessons).toHaveLength(1);
  });

  it('does not assign anyone on release with ASSIGNMENT=none', async () => {
    build({ ASSIGNMENT: 'none' });
    await service.release(held.id, 'boss');
    expect(releaseArgs[0][1].assign).toBe(false);
  });

  it('marks a lead spam and teaches the model, counting the verdict only when the model changed', async () => {
    expect(await service.markSpam(held.id, 'li')).toEqual({ id: held.id, learned: true });
    expect(sideEffects).toEqual([`spam:${held.id}:li`]);
    expect(lessons[0]).toEqual([held.id, 'spam', expect.any(Array), 'li']);
    expect(verdicts).toEqual(['spam']);
    learned = false;
    await service.markSpam(held.id, 'li');
    expect(verdicts).toEqual(['spam']);
  });

  it('answers 404 for an unknown or erased lead and changes nothing', async () => {
    await expect(service.release('missing', 'boss')).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.markSpam(erased.id, 'boss')).rejects.toBeInstanceOf(NotFoundException);
    expect([releaseArgs, lessons, sideEffects]).toEqual([[], [], []]);
  });

  it('lists the quarantine, 200 by default', async () => {
    expect(await service.list()).toEqual([{ id: 'q', limit: 200 }]);
  });
});

function aForm(over: Partial<FormDefinition>): FormDefinition {
  return {
    slug: 'f',
    name: 'Form',
    status: 'active',
    language: 'zh',
    fields: [],
    origins: [],
    redirect: null,
    successMessage: null,
    team: null,
    routing: [],
    mailTo: [],
    robots: [],
    slaMinutes: null,
    autoresponse: null,
    version: 1,
    ...over,
  };
}
