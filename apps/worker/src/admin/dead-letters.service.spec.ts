import { ConflictException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { aLeadPayload } from '../../../../test/unit-fakes/lead-payload.fixture';
import { FakeQueue } from '../../../../test/unit-fakes/queue.fake';
import type { AuditRepository } from '../data/audit.repository';
import type { DeadLetter, DeadLetterRepository } from '../data/dead-letter.repository';
import { IntakeProducer } from '../queue/intake-producer.service';
import { DeadLettersService } from './dead-letters.service';

describe('DeadLettersService', () => {
  const payload = aLeadPayload();
  const DL = payload.id;
  const BROKEN = '0190d6a4-7c3e-7b1a-9f3e-000000000002';
  let letters: Map<string, DeadLetter>;
  let queue: FakeQueue;
  let audit: { action: string; subject: string | null }[];
  let service: DeadLettersService;

  const letter = (id: string, raw: string): DeadLetter => ({
    id,
    jobId: `job-${id}`,
    queue: 'lead-intake',
    leadId: null,
    reason: 'Postgres refused the lead',
    payload: raw,
    failures: 1,
    createdAt: new Date(),
    lastFailedAt: new Date(),
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
  });

  beforeEach(() => {
    // The name holds a lone surrogate and a NUL, which Postgres refused.
    const damaged = JSON.stringify({ ...payload, fields: { ...payload.fields, name: 'Li\ud800\u0000 Lei' } });
    letters = new Map([
      [DL, letter(DL, damaged)],
      [BROKEN, letter(BROKEN, '{"not":"a lead"')],
    ]);
    queue = new FakeQueue('lead-intake');
    audit = [];
    const repo = {
      list: async () => [...letters.values()],
      countOpen: async () => [...letters.values()].filter((d) => !d.resolvedAt).length,
      find: async (id: string) => letters.get(id) ?? null,
      resolve: async (id: string, _actor: string, _how: string) => {
        const d = letters.get(id);
        if (!d || d.resolvedAt) return false;
        d.resolvedAt = new Date();
        return true;
      },
    };
    service = new DeadLettersService(repo as unknown as DeadLetterRepository, new IntakeProducer(queue.asQueue()), {
      record: async (e: (typeof audit)[number]) => void audit.push(e),
    } as unknown as AuditRepository);
  });

  it('lists letters as valid text, saying which can be stored after repair', async () => {
    const list = await service.list();
    expect(list.map((d) => [d.id, d.repairable])).toEqual([
      [DL, true],
      [BROKEN, false],
    ]);
    expect(list[0].payload).not.toMatch(/[\ud800\u0000]/);
    expect(await service.countOpen()).toBe(2);
  });

  it('stores a repairable letter through intake as the same lead, once', async () => {
    expect(await service.store(DL, 'boss', '203.0.113.1', 'zh')).toEqual({ id: DL, leadId: DL, queued: 'queued' });
    const job = queue.jobs.get(`job-${DL}`)!;
    expect(job.name).toBe(JobName.LeadReceived);
    expect((job.data as typeof payload).fields.name).toBe('Li\ufffd Lei');
    expect(audit).toEqual([expect.objectContaining({ action: 'dead-letter.stored', subject: DL })]);
    await expect(service.store(DL, 'boss', '203.0.113.1', 'zh')).rejects.toBeInstanceOf(ConflictException);
  });

  it('refuses to store what is no lead (422), and answers 404 for an unknown id', async () => {
    await expect(service.store(BROKEN, 'boss', 'ip', 'en')).rejects.toBeInstanceOf(UnprocessableEntityException);
    await expect(service.store('not-a-uuid', 'boss', 'ip', 'en')).rejects.toBeInstanceOf(NotFoundException);
    expect(queue.added).toEqual([]);
  });

  it('dismisses a letter once', async () => {
    expect(await service.dismiss(BROKEN, 'boss', 'ip', 'zh')).toEqual({ id: BROKEN });
    await expect(service.dismiss(BROKEN, 'boss', 'ip', 'zh')).rejects.toBeInstanceOf(ConflictException);
    expect(audit.map((a) => a.action)).toEqual(['dead-letter.dismissed']);
  });
});
