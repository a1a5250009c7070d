import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { BusinessCalendar } from '../data/business-calendar';
import type { LedgerKey } from '../data/ledger-key';
import type { WeekNumbers, WeeklyReviewRepository } from '../data/weekly-review.repository';
import { WeeklyReviewService } from './weekly-review.service';

// Monday 2 March 2026, 10:00 in Shanghai: last week's review (2026-W09) is due since 09:00.
const MONDAY_10 = new Date('2026-03-02T02:00:00Z');
const MONDAY_08 = new Date('2026-03-02T00:00:00Z');
const NUMBERS: WeekNumbers = { leads: 42, medianResponseSeconds: 240, within5mShare: 0.5, rerouted: 3, overdueOpen: 1 };

describe('WeeklyReviewService', () => {
  let rig: LedgerRig;
  let managers: string[];
  let asked: { from: Date; to: Date }[];
  let service: WeeklyReviewService;

  function build(env: Record<string, string> = {}) {
    rig = ledgerRig(workerConfig({ MAIL_TO: 'sales@example.com', ...env }));
    const reviews = {
      managerAddresses: async () => managers,
      // As the SQL: the first worker's row wins, and its recipients are read back.
      record: async (key: Extract<LedgerKey, { kind: 'weekly-review' }>, recipients: string[]) => {
        const row =
          rig.notifications.row(key) ?? rig.notifications.seed({ key, leadId: null, recipients: recipients.join(', ') });
        return row.recipients.split(', ').filter(Boolean);
      },
      numbers: async (from: Date, to: Date) => (asked.push({ from, to }), NUMBERS),
    };
    service = new WeeklyReviewService(
      reviews as unknown as WeeklyReviewRepository,
      new BusinessCalendar(null, 30),
      rig.ledger,
      rig.mailer,
      rig.config,
      fakeLogger(),
    );
  }

  beforeEach(() => {
    managers = ['mgr@example.com'];
    asked = [];
    build();
  });

  it("sends last week's numbers to the managers once, from Monday 09:00", async () => {
    expect(await service.run(MONDAY_08)).toBe('not-due');
    expect(await service.run(MONDAY_10)).toBe('sent');
    expect(rig.mail.sent).toHaveLength(1);
    expect(rig.mail.sent[0].to).toEqual(['mgr@example.com']);
    expect(String(rig.mail.sent[0].subject)).toContain('2026-02-23 至 2026-03-01');
    // Monday 23 Feb to Monday 2 March, Shanghai midnight.
    expect(asked).toEqual([{ from: new Date('2026-02-22T16:00:00Z'), to: new Date('2026-03-01T16:00:00Z') }]);
    expect(rig.notifications.row('email:weekly-review:2026-W09')!.status).toBe('sent');
    expect(await service.run(MONDAY_10)).toBe('already-sent');
    expect(rig.mail.sent).toHaveLength(1);
  });

  it('adds ESCALATION_TO to the managers, each address once', async () => {
    build({ ESCALATION_TO: 'MGR@example.com,boss@example.com' });
    await service.run(MONDAY_10);
    expect(rig.mail.sent[0].to).toEqual(['mgr@example.com', 'boss@example.com']);
  });

  it('falls back to MAIL_TO with no manager and no ESCALATION_TO', async () => {
    managers = [];
    await service.run(MONDAY_10);
    expect(rig.mail.sent[0].to).toEqual(['sales@example.com']);
  });

  it('sends nothing with WEEKLY_REVIEW off', async () => {
    build({ WEEKLY_REVIEW: 'false' });
    expect(await service.run(MONDAY_10)).toBe('off');
    expect(rig.mail.sent).toEqual([]);
  });

  it("re-runs a named recent week on an operator's request, and refuses an unknown one", async () => {
    expect(await service.run(MONDAY_10, '2026-W07')).toBe('sent');
    expect(String(rig.mail.sent[0].subject)).toContain('2026-02-09 至 2026-02-15');
    expect(rig.notifications.row('email:weekly-review:2026-W07')!.status).toBe('sent');
    expect(await service.run(MONDAY_10, '2019-W01')).toBe('not-due');
  });

  it('leaves the row pending and throws when the send fails, so the next check sends it', async () => {
    rig.mail.failNext(new Error('SMTP 421'));
    await expect(service.run(MONDAY_10)).rejects.toThrow('SMTP 421');
    expect(rig.notifications.row('email:weekly-review:2026-W09')!.status).toBe('pending');
    expect(await service.run(MONDAY_10)).toBe('sent');
  });
});
