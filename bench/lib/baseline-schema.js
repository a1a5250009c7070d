'use strict';
/**
 * What both raw baseline workers share: their database (created when
 * missing) and the tables the product's migrations end up with
 * (apps/worker/src/database/migrations), indexes included, so a baseline
 * pays for the same writes as the product. Each baseline owns its own
 * database, so this never meets the product's migration table.
 */
const { Client } = require('pg');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS leads (
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
);
CREATE INDEX IF NOT EXISTS leads_received_at_idx ON leads (received_at);
CREATE TABLE IF NOT EXISTS follow_up_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id uuid NOT NULL UNIQUE REFERENCES leads (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  assignee text,
  note text,
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  done_at timestamptz
);
CREATE INDEX IF NOT EXISTS follow_up_tasks_status_due_idx ON follow_up_tasks (status, due_at);
CREATE TABLE IF NOT EXISTS notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id uuid REFERENCES leads (id) ON DELETE CASCADE,
  task_id uuid REFERENCES follow_up_tasks (id) ON DELETE CASCADE,
  dedupe_key text NOT NULL UNIQUE,
  channel text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'batched')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  message_id text,
  recipients text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX IF NOT EXISTS notifications_lead_idx ON notifications (lead_id);
CREATE INDEX IF NOT EXISTS notifications_unsent_idx ON notifications (updated_at) WHERE status <> 'sent';
CREATE INDEX IF NOT EXISTS notifications_kind_updated_idx ON notifications (kind, updated_at);
`;

/** Creates the database named by `databaseUrl` unless it exists. */
async function ensureDatabase(databaseUrl) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err) => {
        if (err.code !== '42P04') throw err; // created meanwhile
      });
    }
  } finally {
    await client.end();
  }
}

/** Creates the database and the tables; safe to run on every start. */
async function ensureSchema(pool, databaseUrl) {
  await ensureDatabase(databaseUrl);
  await pool.query(SCHEMA);
}

/** BullMQ connection options from a redis:// URL. */
function redisConnection(url, extra = {}) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    ...extra,
  };
}

module.exports = { SCHEMA, ensureDatabase, ensureSchema, redisConnection };
