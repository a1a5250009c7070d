import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accepted posts the worker can never store (a payload Postgres refuses, or
 * one that breaks the lead contract) are kept here with their raw job data,
 * so nobody loses a lead to a new class of bad input. The payload is JSON
 * text, not jsonb: jsonb refuses exactly the input that lands here. A new
 * small table, so creating it blocks nothing.
 */
export class DeadLetters1764660000000 implements MigrationInterface {
  name = 'DeadLetters1764660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dead_letters (
        id uuid PRIMARY KEY,
        job_id text NOT NULL,
        queue text NOT NULL,
        lead_id uuid,
        reason text NOT NULL,
        payload text NOT NULL,
        failures integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolved_by text,
        resolution text CHECK (resolution IN ('stored', 'dismissed'))
      )`);
    await q.query(`CREATE INDEX dead_letters_open_idx ON dead_letters (created_at DESC) WHERE resolved_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dead_letters`);
  }
}
