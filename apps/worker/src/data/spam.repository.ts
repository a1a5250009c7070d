import { Injectable } from '@nestjs/common';
import { Db } from './db';

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

  /**
   * Marks a lead spam: it leaves every list of open work (its task, if it
   * had one, is closed as spam) and, held, the list waiting for a verdict.
   */
  async markSpam(leadId: string, actor: string): Promise<void> {
    await this.db.query(
      `WITH lead AS (UPDATE leads SET spam_confirmed = true WHERE id = $1 AND NOT spam_confirmed)
       UPDATE follow_up_tasks SET status = 'done', outcome = 'spam', done_at = coalesce(done_at, now()), updated_at = now(),
              updated_by = $2
        WHERE lead_id = $1 AND status IN ('open', 'in_progress')`,
      [leadId, actor],
    );
  }

  async quarantined(limit: number): Promise<QuarantinedLead[]> {
    return this.db.query(
      `SELECT id, received_at AS "receivedAt", name, company, requirement, spam_score AS score,
              coalesce(spam_reasons, '[]'::jsonb) AS reasons
         FROM leads
        -- Confirmed spam is dealt with: the list is what still waits for a verdict,
        -- and exactly what leads_spam_waiting_idx holds (migration 1765540000001).
        WHERE quarantined AND NOT spam_confirmed AND erased_at IS NULL
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
