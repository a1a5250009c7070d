import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import type { AuditRepository } from '../data/audit.repository';
import type { LeadErasure } from '../maintenance/lead-erasure.service';
import type { LeadRepository } from '../data/lead.repository';
import type { StaffRepository } from '../data/staff.repository';
import { RetentionService } from './retention.service';

describe('RetentionService', () => {
  let expired: string[];
  let asked: { days: number; limit: number }[];
  let erasures: unknown[][];
  let purges: unknown[][];
  let service: RetentionService;

  function build(env: Record<string, string>) {
    const leads = {
      // Like the SQL: the oldest `limit` leads not erased yet.
      expiredIds: async (days: number, limit: number) => (asked.push({ days, limit }), expired.slice(0, limit)),
    };
    const erasure = {
      erase: async (id: string, actor: string, reason: string) => {
        erasures.push([id, actor, reason]);
        expired = expired.filter((e) => e !== id);
        return id.startsWith('raced') ? { erased: false, jobsRemoved: 0 } : { erased: true, jobsRemoved: 1 };
      },
    };
    service = new RetentionService(
      leads as unknown as LeadRepository,
      erasure as unknown as LeadErasure,
      { purge: async (days: number) => (purges.push(['audit', days]), 7) } as unknown as AuditRepository,
      {
        purgeStale: async (idle: number, max: number) => void purges.push(['sessions', idle, max]),
      } as unknown as StaffRepository,
      workerConfig(env),
      fakeLogger(),
    );
  }

  beforeEach(() => {
    expired = [];
    asked = [];
    erasures = [];
    purges = [];
  });

  it('erases every lead older than LEAD_RETENTION_DAYS, batch after batch, as "retention"', async () => {
    expired = Array.from({ length: 1203 }, (_, i) => `lead-${i}`);
    build({ LEAD_RETENTION_DAYS: '365' });
    expect(await service.eraseExpired()).toEqual({ erased: 1203, auditPurged: 7 });
    expect(asked).toEqual([
      { days: 365, limit: 500 },
      { days: 365, limit: 500 },
      { days: 365, limit: 500 },
    ]);
    expect(erasures[0]).toEqual(['lead-0', 'retention', 'older than 365 days']);
  });

  it('counts only the leads this run erased (another worker may have erased one first)', async () => {
    expired = ['lead-1', 'raced-2'];
    build({ LEAD_RETENTION_DAYS: '30' });
    expect((await service.eraseExpired()).erased).toBe(1);
  });

  it('erases no lead with LEAD_RETENTION_DAYS=0, but still purges old audit entries and stale sessions', async () => {
    expired = ['lead-1'];
    build({ LEAD_RETENTION_DAYS: '0', AUDIT_RETENTION_DAYS: '90', SESSION_IDLE_MINUTES: '60', SESSION_MAX_HOURS: '8' });
    expect(await service.eraseExpired()).toEqual({ erased: 0, auditPurged: 7 });
    expect(erasures).toEqual([]);
    expect(purges).toEqual([
      ['audit', 90],
      ['sessions', 60, 8],
    ]);
  });
});
