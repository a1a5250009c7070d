import { Injectable } from '@nestjs/common';
import { Db } from './db';
import { ledgerKey } from './ledger-key';

export interface StoredModel {
  model: unknown;
  version: number;
}

export type Verdict = 'spam' | 'genuine';

/** A quarantined lead as `GET /admin/spam` lists it. */
export interface QuarantinedLead {
  id: string;
  receivedAt: Date;
  name: string;
  company: string | null;
  requirement: string;
  score: number | null;
  reasons: string[];
}

export interface ReleasedLead {
  taskId: string;
  owner: string | null;
}

// The release: one guarded UPDATE decides who releases (whoever flips the
// flag); the same statement gives the lead its task (due from now, owner by
// round robin as a new lead would get one) and its unsent alert row, so a
// worker that dies after the commit leaves the alert to the sweeper.
const RELEASE_SQL = `
WITH lead AS (
  UPDATE leads SET quarantined = false WHERE id = $1 AND quarantined RETURNING id
), eligible AS (
  SELECT login, row_number() OVER (ORDER BY login) - 1 AS slot, count(*) OVER () AS n
    FROM staff WHERE active AND on_duty AND receives_leads
), turn AS (
  SELECT nextval('assignment_turn') AS v FROM lead WHERE $4::boolean AND EXISTS (SELECT 1 FROM eligible)
), owner AS (
  SELECT e.login FROM turn JOIN eligible e ON e.slot = turn.v % e.n
), task AS (
  INSERT INTO follow_up_tasks (lead_id, due_at, assignee)
  SELECT id, $2::timestamptz, (SELECT login FROM owner) FROM lead
  ON CONFLICT (lead_id) DO NOTHING
  RETURNING id, assignee
), assigned AS (
  INSERT INTO task_events (task_id, actor, action, from_status, to_status, to_assignee, note)
  SELECT t.id, 'assignment', 'assigned', 'open', 'open', t.assignee, 'round-robin' FROM task t WHERE t.assignee IS NOT NULL
), alert AS (
  INSERT INTO notifications (lead_id, dedupe_key, channel, kind, status, attempts, recipients)
  SELECT id, $5, 'email', 'new-lead', 'pending', 0, $3 FROM lead
  ON CONFLICT (dedupe_key) DO NOTHING
)
SELECT t.id AS "taskId", t.assignee AS owner FROM lead LEFT JOIN task t ON true`;

/** Spam: scores and quarantine of leads, staff verdicts, the shared model and the blocklist. */
@Injectable()
export class SpamRepository {
  constructor(private readonly db: Db) {}

  async isQuarantined(leadId: string): Promise<boolean> {
    const rows: { quarantined: boolean }[] = await this.db.query(`SELECT quarantined FROM leads WHERE id = $1`, [leadId]);
    return rows[0]?.quarantined === true;
  }

  async modelVersion(): Promise<number | null> {
    const rows: { version: number }[] = await this.db.query(`SELECT version FROM spam_model WHERE id = 1`);
    return rows[0]?.version ?? null;
  }

  async loadModel(): Promise<StoredModel | null> {
    const rows: StoredModel[] = await this.db.query(`SELECT model, version FROM spam_model WHERE id = 1`);
    return rows[0] ?? null;
  }

  /**
   * Records a verdict on a lead and updates the shared model in one
   * transaction, the model row locked: `learn` gets the model (the stored
   * one, or `seed` the first time), the lead's previous verdict if any, and
   * returns the model to store. False when the verdict was already the same.
   */
  async recordVerdict(
    leadId: string,
    verdict: Verdict,
    tokens: string[],
    actor: string,
    seed: () => unknown,
    learn: (model: unknown, previous: { verdict: Verdict; tokens: string[] } | null) => unknown,
  ): Promise<boolean> {
    return this.db.transaction(async (m) => {
      await m.query(`INSERT INTO spam_model (id, model) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [JSON.stringify(seed())]);
      const [{ model }] = await m.query(`SELECT model FROM spam_model WHERE id = 1 FOR UPDATE`);
      const prev: { verdict: Verdict; tokens: string[] }[] = await m.query(
        `SELECT verdict, tokens FROM spam_verdicts WHERE lead_id = $1`,
        [leadId],
      );
      if (prev[0]?.verdict === verdict) return false;
      const next = learn(model, prev[0] ?? null);
      await m.query(
        `INSERT INTO spam_verdicts (lead_id, verdict, tokens, actor) VALUES ($1, $2, $3, $4)
         ON CONFLICT (lead_id) DO UPDATE SET verdict = excluded.verdict, tokens = excluded.tokens, actor = excluded.actor, at = now()`,
        [leadId, verdict, JSON.stringify(tokens), actor],
      );
      await m.query(`UPDATE spam_model SET model = $1, version = version + 1, updated_at = now() WHERE id = 1`, [
        JSON.stringify(next),
      ]);
      return true;
    });
  }

  /** Releases a quarantined lead once: null when it was not quarantined (released already, or never held). */
  async release(leadId: string, dueAt: Date, recipients: string, roundRobin: boolean): Promise<ReleasedLead | null> {
    const rows: ReleasedLead[] = await this.db.query(RELEASE_SQL, [
      leadId,
      dueAt.toISOString(),
      recipients,
      roundRobin,
      ledgerKey({ channel: 'email', kind: 'new-lead', leadId }),
    ]);
    return rows[0] ?? null;
  }

  /** Marks a lead spam: it leaves every list of open work (its task, if it had one, is closed as spam). */
  async markSpam(leadId: string, actor: string): Promise<void> {
    await this.db.query(
      `UPDATE follow_up_tasks SET status = 'done', outcome = 'spam', done_at = coalesce(done_at, now()), updated_at = now(),
              updated_by = $2
        WHERE lead_id = $1 AND status IN ('open', 'in_progress')`,
      [leadId, actor],
    );
  }

  async quarantined(limit: number): Promise<QuarantinedLead[]> {
    return this.db.query(
      `SELECT id, received_at AS "receivedAt", name, company, requirement, spam_score AS score,
              coalesce(spam_reasons, '[]'::jsonb) AS reasons
         FROM leads l
        WHERE quarantined AND erased_at IS NULL
          -- Confirmed spam is dealt with: the list is what still waits for a verdict.
          AND NOT EXISTS (SELECT 1 FROM spam_verdicts v WHERE v.lead_id = l.id AND v.verdict = 'spam')
        ORDER BY received_at DESC LIMIT $1`,
      [limit],
    );
  }

  async block(kind: 'phone' | 'email' | 'ip', value: string, days: number, actor: string): Promise<Date> {
    const [row] = await this.db.query(
      `INSERT INTO spam_blocklist (kind, value, until, actor) VALUES ($1, $2, now() + make_interval(days => $3::int), $4)
       ON CONFLICT (kind, value) DO UPDATE SET until = excluded.until, actor = excluded.actor RETURNING until`,
      [kind, kind === 'email' ? value.toLowerCase() : value, days, actor],
    );
    return row.until;
  }
}
