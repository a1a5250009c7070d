import { MigrationInterface, QueryRunner } from 'typeorm';

/** Leads, their follow-up tasks and the notification ledger. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE leads (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        phone text,
        phone_raw text,
        email text,
        company text,
        requirement text NOT NULL,
        consent boolean NOT NULL DEFAULT false,
        consent_at timestamptz,
        privacy_policy_version text,
        utm jsonb NOT NULL DEFAULT '{}',
        extras jsonb NOT NULL DEFAULT '{}',
        ip text,
        user_agent text,
        page text,
        received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz
      )`);
    await q.query(`CREATE INDEX leads_received_at_idx ON leads (received_at)`);
    await q.query(`
      CREATE TABLE follow_up_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id uuid NOT NULL UNIQUE REFERENCES leads (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
        assignee text,
        note text,
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await q.query(`CREATE INDEX follow_up_tasks_status_due_idx ON follow_up_tasks (status, due_at)`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id uuid REFERENCES leads (id) ON DELETE CASCADE,
        dedupe_key text NOT NULL UNIQUE,
        channel text NOT NULL,
        kind text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        message_id text,
        recipients text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_lead_idx ON notifications (lead_id)`);
    await q.query(`CREATE INDEX notifications_unsent_idx ON notifications (updated_at) WHERE status <> 'sent'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE follow_up_tasks`);
    await q.query(`DROP TABLE leads`);
  }
}
