import { MigrationInterface, QueryRunner } from 'typeorm';

// The built-in form as POST /api/leads has always accepted it. Written out
// here, not imported: a migration must stay what it was when it first ran.
const DEFAULT_FIELDS = [
  { key: 'name', required: true },
  { key: 'company' },
  { key: 'phone' },
  { key: 'email' },
  { key: 'requirement', required: true },
  { key: 'consent' },
];

/**
 * Forms as data. `forms` holds each form's current definition; every
 * change bumps its `version` and takes a new `revision` (one sequence for
 * all forms, so the snapshot the gateways read has a number that only
 * grows). `form_versions` keeps every version ever published, so a lead
 * keeps the definition it was posted under. `lead_forms` ties a lead to
 * its form version with its typed custom answers: a side table, so the
 * lead statement and the leads table are untouched (no rewrite, no
 * backfill; a lead without a row came through the default form).
 */
export class Forms1764800000000 implements MigrationInterface {
  name = 'Forms1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE forms_revision`);
    await q.query(`
      CREATE TABLE forms (
        slug text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
        name text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        language text NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en')),
        fields jsonb NOT NULL,
        origins text[] NOT NULL DEFAULT '{}',
        redirect text,
        success_message jsonb,
        team text,
        routing jsonb NOT NULL DEFAULT '[]',
        mail_to text[] NOT NULL DEFAULT '{}',
        robots text[] NOT NULL DEFAULT '{}',
        sla_minutes integer,
        autoresponse jsonb,
        version integer NOT NULL DEFAULT 1,
        revision bigint NOT NULL DEFAULT nextval('forms_revision'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await q.query(`
      CREATE TABLE form_versions (
        slug text NOT NULL REFERENCES forms (slug),
        version integer NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        PRIMARY KEY (slug, version)
      )`);
    await q.query(`
      CREATE TABLE lead_forms (
        lead_id uuid PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
        form_slug text NOT NULL,
        form_version integer NOT NULL,
        custom jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX lead_forms_form_idx ON lead_forms (form_slug)`);
    await q.query(`INSERT INTO forms (slug, name, fields, updated_by) VALUES ('default', '需求描述', $1, 'migration')`, [
      JSON.stringify(DEFAULT_FIELDS),
    ]);
    await q.query(`
      INSERT INTO form_versions (slug, version, definition, created_by)
      SELECT slug, 1, jsonb_build_object('slug', slug, 'name', name, 'status', status, 'language', language,
             'fields', fields, 'origins', '[]'::jsonb, 'redirect', null, 'successMessage', null, 'team', null,
             'routing', routing, 'mailTo', '[]'::jsonb, 'robots', '[]'::jsonb, 'slaMinutes', null,
             'autoresponse', null, 'version', 1), 'migration'
        FROM forms`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE lead_forms`);
    await q.query(`DROP TABLE form_versions`);
    await q.query(`DROP TABLE forms`);
    await q.query(`DROP SEQUENCE forms_revision`);
  }
}
