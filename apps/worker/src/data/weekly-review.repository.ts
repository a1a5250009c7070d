import { Injectable } from '@nestjs/common';
import { Db } from './db';
import { ledgerKey, type LedgerChannel, type LedgerKey } from './ledger-key';

/** Last week's speed to lead, as the weekly review states it. */
export interface WeekNumbers {
  leads: number;
  /** Median wall seconds to first touch of the week's touched leads; null when none was touched. */
  medianResponseSeconds: number | null;
  /** Leads touched within 5 minutes, of all the week's leads (0 to 1; null without leads). */
  within5mShare: number | null;
  /** Re-route steps taken during the week. */
  rerouted: number;
  /** Open tasks past their due time now. */
  overdueOpen: number;
}

const NUMBERS_SQL = `
WITH week AS (
  SELECT t.response_seconds FROM leads l JOIN follow_up_tasks t ON t.lead_id = l.id
   WHERE l.received_at >= $1 AND l.received_at < $2 AND l.erased_at IS NULL)
SELECT (SELECT count(*)::int FROM week) AS leads,
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds) FROM week WHERE response_seconds IS NOT NULL) AS median,
       (SELECT count(*)::int FROM week WHERE response_seconds <= 300) AS within5m,
       (SELECT count(*)::int FROM task_events WHERE action = 'rerouted' AND at >= $1 AND at < $2) AS rerouted,
       (SELECT count(*)::int FROM follow_up_tasks WHERE status IN ('open', 'in_progress') AND due_at < now()) AS overdue`;

/** The weekly review's numbers and its ledger row (`email:weekly-review:<isoWeek>`). */
@Injectable()
export class WeeklyReviewRepository {
  constructor(private readonly db: Db) {}

  async numbers(from: Date, to: Date): Promise<WeekNumbers> {
    const [r]: { leads: number; median: number | null; within5m: number; rerouted: number; overdue: number }[] =
      await this.db.query(NUMBERS_SQL, [from, to]);
    return {
      leads: r.leads,
      medianResponseSeconds: r.median === null ? null : Math.round(Number(r.median)),
      within5mShare: r.leads ? r.within5m / r.leads : null,
      rerouted: r.rerouted,
      overdueOpen: r.overdue,
    };
  }

  /** Active managers' addresses, each once. */
  async managerAddresses(): Promise<string[]> {
    const rows: { email: string }[] = await this.db.query(
      `SELECT DISTINCT lower(email) AS email FROM staff WHERE role = 'manager' AND active AND email IS NOT NULL AND email <> '' ORDER BY 1`,
    );
    return rows.map((r) => r.email);
  }

  /** Records the week's row once (the first worker wins); recipients as given then. */
  async record(key: Extract<LedgerKey, { kind: 'weekly-review' }>, recipients: string[]): Promise<string[] | null> {
    await this.db.query(
      `INSERT INTO notifications (dedupe_key, channel, kind, status, recipients) VALUES ($1, 'email', 'weekly-review', 'pending', $2)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [ledgerKey(key), recipients.join(', ')],
    );
    const [row]: { recipients: string }[] = await this.db.query(`SELECT recipients FROM notifications WHERE dedupe_key = $1`, [
      ledgerKey(key),
    ]);
    return row
      ? row.recipients
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean)
      : null;
  }

  /** Records the week's row of each robot once (`<channel>:weekly-review:<isoWeek>:<destination>`), recipients its label. */
  async recordRobots(week: string, robots: { channel: LedgerChannel; id: string; label: string }[]): Promise<void> {
    if (robots.length === 0) return;
    await this.db.query(
      `INSERT INTO notifications (dedupe_key, channel, kind, status, recipients)
       SELECT k, c, 'weekly-review', 'pending', r FROM unnest($1::text[], $2::text[], $3::text[]) AS u(k, c, r)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        robots.map((d) => ledgerKey({ channel: d.channel, kind: 'weekly-review', week, destination: d.id })),
        robots.map((d) => d.channel),
        robots.map((d) => d.label),
      ],
    );
  }
}
