import { NotFoundException } from '@nestjs/common';
import { aLead } from '../../../../../test/unit-fakes/lead.fixture';
import { workerConfig } from '../../../../../test/unit-fakes/worker-config';
import type { SpamModelService } from '../../intake/spam/spam-model.service';
import { BusinessCalendar } from '../../data/business-calendar';
import type { LeadRepository } from '../../data/lead.repository';
import type { SpamMetric } from '../../metrics/spam.metric';
import type { SpamRepository } from '../../data/spam.repository';
import type { AssignedNoticeService } from '../../notify/assigned-notice.service';
import type { ChannelFanout } from '../../notify/channel-fanout.service';
import type { NotifyProducer } from '../../queue/notify-producer.service';
import { AdminSpamService } from './admin-spam.service';

describe('AdminSpamService', () => {
  const held = aLead({ requirement: '便宜 代开 发票 http://spam.example', quarantined: true });
  const erased = aLead({ erasedAt: new Date() });
  let released: { owner: string | null } | null;
  let releaseArgs: unknown[][];
  let learned: boolean;
  let lessons: unknown[][];
  let sideEffects: string[];
  let verdicts: string[];
  let service: AdminSpamService;

  function build(env: Record<string, string> = {}) {
    service = new AdminSpamService(
      { findById: async (id: string) => [held, erased].find((l) => l.id === id) ?? null } as unknown as LeadRepository,
      {
        release: async (...args: unknown[]) => (releaseArgs.push(args), released),
        markSpam: async (id: string, actor: string) => void sideEffects.push(`spam:${id}:${actor}`),
        quarantined: async (limit: number) => [{ id: 'q', limit }],
      } as unknown as SpamRepository,
      { learn: async (...args: unknown[]) => (lessons.push(args), learned) } as unknown as SpamModelService,
      new BusinessCalendar(null, 30),
      { redriveAlert: async (id: string) => void sideEffects.push(`alert:${id}`) } as unknown as NotifyProducer,
      { newLead: async (id: string) => void sideEffects.push(`robots:${id}`) } as unknown as ChannelFanout,
      { onArrival: async (id: string) => (sideEffects.push(`owner:${id}`), 'sent') } as unknown as AssignedNoticeService,
      { verdict: (v: string) => void verdicts.push(v) } as unknown as SpamMetric,
      workerConfig({ MAIL_TO: 'a@example.com,b@example.com', ...env }),
    );
  }

  beforeEach(() => {
    released = { owner: 'li' };
    releaseArgs = [];
    learned = true;
    lessons = [];
    sideEffects = [];
    verdicts = [];
    build();
  });

  it('releases a held lead once: its alert, robots and owner notice queued, the model taught "genuine"', async () => {
    const before = Date.now();
    expect(await service.release(held.id, 'boss')).toEqual({ id: held.id, released: true, owner: 'li', learned: true });
    const [id, dueAt, recipients, roundRobin] = releaseArgs[0] as [string, Date, string, boolean];
    expect([id, recipients, roundRobin]).toEqual([held.id, 'a@example.com, b@example.com', true]);
    // Due from now, not from when the lead arrived.
    expect(dueAt.getTime()).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(sideEffects).toEqual([`alert:${held.id}`, `robots:${held.id}`, `owner:${held.id}`]);
    expect(verdicts).toEqual(['not-spam']);
    expect(lessons[0]).toEqual([held.id, 'genuine', expect.arrayContaining(['url:spam.example']), 'boss']);
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
    expect(releaseArgs[0][3]).toBe(false);
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
