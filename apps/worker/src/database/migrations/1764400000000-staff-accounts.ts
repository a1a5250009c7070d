import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts in Postgres (seeded from ADMIN_USER/STAFF_USERS at boot),
 * their board sessions, failed logins for throttling, the audit log, the
 * round-robin turn counter and the indexes that find a returning customer.
 * Existing tasks keep their assignee text as it is: the seeding at boot maps
 * a text that names an account to its login (recorded in the task history).
 */
export class StaffAccounts1764400000000 implements MigrationInterface {
  name = 'StaffAccounts1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff (
        login text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'manager', 'sales')),
        email text,
        mobile text,
        active boolean NOT NULL DEFAULT true,
        receives_leads boolean NOT NULL DEFAULT true,
        on_duty boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE staff_sessions (
        token_hash text PRIMARY KEY,
        login text NOT NULL REFERENCES staff (login) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX staff_sessions_login_idx ON staff_sessions (login)`);
    await q.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        login text NOT NULL,
        ip text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failures_login_idx ON login_failures (login, at)`);
    await q.query(`CREATE INDEX login_failures_ip_idx ON login_failures (ip, at)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text,
        action text NOT NULL,
        subject text,
        ip text,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    // Each new lead takes the next value; value modulo the eligible staff
    // picks the owner, so workers never share a turn.
    await q.query(`CREATE SEQUENCE assignment_turn`);
    await q.query(`CREATE INDEX leads_phone_received_idx ON leads (phone, received_at) WHERE phone IS NOT NULL`);
    await q.query(`CREATE INDEX leads_email_received_idx ON leads (lower(email), received_at) WHERE email IS NOT NULL`);
    await q.query(`CREATE INDEX follow_up_tasks_assignee_idx ON follow_up_tasks (assignee) WHERE assignee IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX follow_up_tasks_assignee_idx`);
    await q.query(`DROP INDEX leads_email_received_idx`);
    await q.query(`DROP INDEX leads_phone_received_idx`);
    await q.query(`DROP SEQUENCE assignment_turn`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE login_failures`);
    await q.query(`DROP TABLE staff_sessions`);
    await q.query(`DROP TABLE staff`);
  }
}
