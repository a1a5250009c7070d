import { alertJobId, resendJobId } from '@app/contracts';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { FakeQueue } from '../../../../test/unit-fakes/queue.fake';
import { NotifyProducer } from '../queue/notify-producer.service';
import { LeadErasure } from './lead-erasure.service';
import type { LeadRepository } from '../data/lead.repository';
import type { NotificationRepository } from '../data/notification.repository';

describe('LeadErasure', () => {
  const LEAD = '0190d6a4-7c3e-7b1a-9f3e-2d4c5b6a7e8f';
  let stored: Set<string>;
  let erasedBy: unknown[][];
  let intake: FakeQueue;
  let notify: FakeQueue;
  let erasure: LeadErasure;

  beforeEach(() => {
    stored = new Set([LEAD]);
    erasedBy = [];
    intake = new FakeQueue('lead-intake');
    notify = new FakeQueue('lead-notify');
    const leads = {
      exists: async (id: string) => stored.has(id),
      erase: async (id: string, actor: string, reason: string, options: unknown) => (
        erasedBy.push([id, actor, reason, options]),
        true
      ),
    };
    erasure = new LeadErasure(
      leads as unknown as LeadRepository,
      { resendIdsOf: async () => ['r1'] } as unknown as NotificationRepository,
      intake.asQueue(),
      new NotifyProducer(notify.asQueue()),
      fakeLogger(),
    );
  });

  it('blanks the lead and removes every job that carries its data: intake, alert and resends', async () => {
    intake.put(LEAD, 'completed', { id: LEAD, fields: { name: '张三' } });
    notify.put(alertJobId(LEAD), 'failed', { leadId: LEAD });
    notify.put(resendJobId('r1'), 'waiting', { leadId: LEAD });
    expect(await erasure.erase(LEAD, 'boss', 'PIPL request')).toEqual({ erased: true, jobsRemoved: 3 });
    // A staff erasure commits durably (the repository's default).
    expect(erasedBy).toEqual([[LEAD, 'boss', 'PIPL request', {}]]);
    expect(intake.jobs.size + notify.jobs.size).toBe(0);
  });

  it('scrubs the data of a job that is running (it cannot be removed)', async () => {
    const running = intake.put(LEAD, 'active', { id: LEAD, fields: { name: '张三' } });
    expect(await erasure.erase(LEAD, 'retention', 'older than 30 days', { durable: false })).toEqual({
      erased: true,
      jobsRemoved: 1,
    });
    expect(running.data).toEqual({ erased: true, id: LEAD });
    expect(erasedBy).toEqual([[LEAD, 'retention', 'older than 30 days', { durable: false }]]);
  });

  it('answers null for a lead that does not exist, touching nothing', async () => {
    expect(await erasure.erase('0190d6a4-0000-7000-8000-000000000000', 'boss', 'x')).toBeNull();
    expect(erasedBy).toEqual([]);
  });
});
