import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import type { AuditRepository } from '../data/audit.repository';
import type { LeadErasure } from '../maintenance/lead-erasure.service';
import type { RetentionCursor, RetentionRepository } from '../data/retention.repository';
import type { StaffRepository } from '../data/staff.repository';
import type { Queue } from 'bullmq';
import { RETENTION_BATCH, RetentionService } from './retention.service';

type StoredLead = { id: string; receivedAt: Date; erased: boolean };

const DAY_MS = 86_400_000;

describe('RetentionService', () => {
  let table: StoredLead[];
  let asked: { horizon: Date; after: RetentionCursor | null; limit: number }[];
  let erasures: unknown[][];
  let purges: unknown[][];
  let queued: { name: string; data: unknown }[];
  let service: RetentionService;

  /** `n` leads received `daysAgo` days ago, one millisecond apart, oldest first. */
  const leadsOf = (n: number, daysAgo: number, prefix = 'lead') =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${String(i).padStart(5, '0')}`,
      receivedAt: new Date(Date.now() - daysAgo * DAY_MS + i),
      erased: false,
    }));

  function build(env: Record<string, string>) {
    const expired = {
      // Like the SQL: unerased leads received before the horizon, after the cursor, in (received_at, id) order.
      expiredAfter: async (horizon: Date, after: RetentionCursor | null, limit: number) => {
        asked.push({ horizon, after, limit });
        const rows = table
          .filter((l) => !l.erased && l.receivedAt < horizon)
          .filter(
            (l) =>
              !after ||
              l.receivedAt.toISOString() > after.receivedAt ||
              (l.receivedAt.toISOString() === after.receivedAt && l.id > after.id),
          )
          .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id))
          .slice(0, limit);
        const last = rows[rows.length - 1];
        return { ids: rows.map((r) => r.id), next: last ? { receivedAt: last.receivedAt.toISOString(), id: last.id } : null };
      },
    };
    const erasure = {
      erase: async (id: string, actor: string, reason: string, options?: { durable?: boolean }) => {
        erasures.push([id, actor, reason, options]);
        // A raced erasure (another worker's, or one that failed) leaves the row as it was.
        if (id.startsWith('raced')) return { erased: false, jobsRemoved: 0 };
        table.find((l) => l.id === id)!.erased = true;
        return { erased: true, jobsRemoved: 1 };
      },
    };
    service = new RetentionService(
      expired as unknown as RetentionRepository,
      erasure as unknown as LeadErasure,
      { purge: async (days: number) => (purges.push(['audit', days]), 7) } as unknown as AuditRepository,
      {
        purgeStale: async (idle: number, max: number) => void purges.push(['sessions', idle, max]),
      } as unknown as StaffRepository,
      { add: async (name: string, data: unknown) => void queued.push({ name, data }) } as unknown as Queue,
      workerConfig(env),
      fakeLogger(),
    );
  }

  beforeEach(() => {
    table = [];
    asked = [];
    erasures = [];
    purges = [];
    queued = [];
  });

  it('erases every lead older than LEAD_RETENTION_DAYS, in keyset batches of RETENTION_BATCH, as "retention"', async () => {
    table = [...leadsOf(1203, 400), ...leadsOf(5, 10, 'recent')];
    build({ LEAD_RETENTION_DAYS: '365' });
    const before = Date.now();
    expect(await service.eraseExpired()).toEqual({ erased: 1203, auditPurged: 7, continued: false });
    expect(queued).toEqual([]);
    expect(asked.map((a) => a.limit)).toEqual([RETENTION_BATCH, RETENTION_BATCH, RETENTION_BATCH]);
    // One horizon for the whole run, LEAD_RETENTION_DAYS before its start.
    expect(new Set(asked.map((a) => a.horizon.getTime())).size).toBe(1);
    expect(Math.abs(asked[0].horizon.getTime() - (before - 365 * DAY_MS))).toBeLessThan(60_000);
    // Each batch starts after the last lead of the one before.
    expect(asked[0].after).toBeNull();
    expect(asked[1].after?.id).toBe(`lead-${String(RETENTION_BATCH - 1).padStart(5, '0')}`);
    // Not durable: the commit does not wait for the disk (a crash may undo it; the next run repeats it).
    expect(erasures[0]).toEqual(['lead-00000', 'retention', 'older than 365 days', { durable: false }]);
    expect(table.filter((l) => l.id.startsWith('recent')).every((l) => !l.erased)).toBe(true);
  });

  it('counts only the leads this run erased, and never reads a raced one again in the run', async () => {
    table = [...leadsOf(RETENTION_BATCH, 40, 'raced'), ...leadsOf(1, 39)];
    build({ LEAD_RETENTION_DAYS: '30' });
    expect((await service.eraseExpired()).erased).toBe(1);
    // The raced leads still hold data, yet the second batch starts past them.
    expect(erasures).toHaveLength(RETENTION_BATCH + 1);
    expect(asked).toHaveLength(2);
  });

  it('erases no lead with LEAD_RETENTION_DAYS=0, but still purges old audit entries and stale sessions', async () => {
    table = leadsOf(1, 400);
    build({ LEAD_RETENTION_DAYS: '0', AUDIT_RETENTION_DAYS: '90', SESSION_IDLE_MINUTES: '60', SESSION_MAX_HOURS: '8' });
    expect(await service.eraseExpired()).toEqual({ erased: 0, auditPurged: 7, continued: false });
    expect(erasures).toEqual([]);
    expect(purges).toEqual([
      ['audit', 90],
      ['sessions', 60, 8],
    ]);
  });

  it('stops after the batch that ends its slice and queues the rest, with its horizon and cursor', async () => {
    table = [...leadsOf(1203, 400), ...leadsOf(5, 10, 'recent')];
    build({ LEAD_RETENTION_DAYS: '365' });
    // A slice of 0 ms ends after every batch: each job erases one.
    expect(await service.eraseExpired({}, 0)).toEqual({ erased: RETENTION_BATCH, auditPurged: 7, continued: true });
    expect(queued).toHaveLength(1);
    const first = queued[0];
    expect(first.name).toBe('maintenance.retention');
    const payload = first.data as { horizon: string; after: { id: string } };
    expect(payload.horizon).toBe(asked[0].horizon.toISOString());
    expect(payload.after.id).toBe(`lead-${String(RETENTION_BATCH - 1).padStart(5, '0')}`);

    // The continuations run as the queue would run them: same horizon, on from the cursor, no second audit purge.
    let runs = 1;
    while (queued.length > 0) {
      const next = queued.shift()!;
      await service.eraseExpired(next.data as object, 0);
      runs++;
    }
    expect(runs).toBe(3);
    expect(new Set(asked.map((a) => a.horizon.getTime())).size).toBe(1);
    expect(asked[1].after?.id).toBe(payload.after.id);
    expect(table.filter((l) => l.id.startsWith('lead')).every((l) => l.erased)).toBe(true);
    expect(table.filter((l) => l.id.startsWith('recent')).some((l) => l.erased)).toBe(false);
    expect(purges.filter((p) => p[0] === 'audit')).toHaveLength(1);
  });

  it('refuses for good a continuation it cannot read', async () => {
    build({ LEAD_RETENTION_DAYS: '365' });
    for (const bad of [{ horizon: 'not a date', after: { receivedAt: 'x', id: 'y' } }, { horizon: new Date().toISOString() }]) {
      await expect(service.eraseExpired(bad as object)).rejects.toMatchObject({ name: 'UnrecoverableError' });
    }
    expect(erasures).toEqual([]);
  });
});
