import { QueueName } from '@app/contracts';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import type { DeadLetterRepository } from '../data/dead-letter.repository';
import type { DeadLetterNotices } from '../notify/dead-letter-notice.service';
import { DeadLetterService, deadLetterIdOf } from './dead-letter.service';

describe('DeadLetterService', () => {
  const LEAD_ID = '0190d6a4-7c3e-7b1a-9f3e-2d4c5b6a7e8f';
  let stored: Record<string, unknown>[];
  let raised: string[];
  let buryError: Error | null;
  let service: DeadLetterService;

  beforeEach(() => {
    stored = [];
    raised = [];
    buryError = null;
    service = new DeadLetterService(
      {
        bury: async (row: Record<string, unknown>) => {
          if (buryError) throw buryError;
          stored.push(row);
        },
      } as unknown as DeadLetterRepository,
      { raise: async (id: string) => void raised.push(id) } as unknown as DeadLetterNotices,
      fakeLogger(),
    );
  });

  it('keeps the raw job under the lead id, then tells the admins', async () => {
    const id = await service.bury(LEAD_ID, { id: LEAD_ID, fields: { name: 'x' } }, 'lead job payload is not a v1 lead');
    expect(id).toBe(LEAD_ID);
    expect(stored).toEqual([
      {
        id: LEAD_ID,
        jobId: LEAD_ID,
        queue: QueueName.LeadIntake,
        leadId: LEAD_ID,
        reason: 'lead job payload is not a v1 lead',
        payload: JSON.stringify({ id: LEAD_ID, fields: { name: 'x' } }),
      },
    ]);
    expect(raised).toEqual([LEAD_ID]);
  });

  it('gives a job id that is no uuid a stable uuid of its own, so a job is buried once', async () => {
    const id = await service.bury('repeat:7', null, 'bad');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deadLetterIdOf('repeat:7')).toBe(id);
    expect(deadLetterIdOf('repeat:8')).not.toBe(id);
    expect(stored[0]).toMatchObject({ leadId: null, payload: 'null' });
  });

  it('stores what Postgres can hold: lone surrogates and NUL escaped, the reason cut to 2000 characters', async () => {
    await service.bury(LEAD_ID, { name: 'a\u0000b\ud800' }, `x\u0000${'y'.repeat(3000)}`);
    const row = stored[0] as { payload: string; reason: string };
    expect(row.payload).toBe('{"name":"a\\u0000b\\ud800"}');
    expect(row.reason.length).toBeLessThanOrEqual(2000);
    expect(row.reason).not.toContain('\u0000');
  });

  it('throws (and tells nobody) while Postgres is away, so the job is retried', async () => {
    buryError = new Error('connection refused');
    await expect(service.bury(LEAD_ID, {}, 'bad')).rejects.toThrow('connection refused');
    expect(raised).toEqual([]);
  });
});
