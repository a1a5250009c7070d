import { Injectable } from '@nestjs/common';
import { Db } from './db';

/** A phrase an admin added to the spam list. */
export interface SpamPhrase {
  id: number;
  phrase: string;
  createdBy: string;
  createdAt: Date;
}

const COLUMNS = `id, phrase, created_by AS "createdBy", created_at AS "createdAt"`;

/** The `spam_phrases` table: the admins' additions to the shipped spam phrases. */
@Injectable()
export class SpamPhraseRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<SpamPhrase[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM spam_phrases ORDER BY id`);
  }

  /** The phrases alone, for the scorer. */
  async phrases(): Promise<string[]> {
    const rows: { phrase: string }[] = await this.db.query(`SELECT phrase FROM spam_phrases ORDER BY id`);
    return rows.map((r) => r.phrase);
  }

  async count(): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM spam_phrases`);
    return row.n;
  }

  /** Adds the phrase; null when it is listed already (in any case). */
  async add(phrase: string, actor: string): Promise<SpamPhrase | null> {
    const rows: SpamPhrase[] = await this.db.query(
      `INSERT INTO spam_phrases (phrase, created_by) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [phrase, actor],
    );
    return rows[0] ?? null;
  }

  /** Removes the phrase; null when there was none with that id. */
  async remove(id: number): Promise<SpamPhrase | null> {
    const rows: SpamPhrase[] = await this.db.query(
      `WITH gone AS (DELETE FROM spam_phrases WHERE id = $1 RETURNING ${COLUMNS}) SELECT * FROM gone`,
      [id],
    );
    return rows[0] ?? null;
  }
}
