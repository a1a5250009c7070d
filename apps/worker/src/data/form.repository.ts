import { Injectable } from '@nestjs/common';
import { Db, type Sql } from './db';
import { CustomValues, DEFAULT_FORM_SLUG, FormDefinition, FormField, FormInput, FormsSnapshot, LocalText } from '@app/contracts';

/** A stored form with its bookkeeping. */
export interface FormRecord extends FormDefinition {
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
}

/** The form a lead was posted to, with the definition it was posted under. */
export interface LeadForm {
  slug: string;
  version: number;
  name: string | null;
  fields: FormField[];
  custom: CustomValues;
}

interface FormRow {
  slug: string;
  name: string;
  status: FormDefinition['status'];
  language: FormDefinition['language'];
  fields: FormField[];
  origins: string[];
  redirect: string | null;
  success_message: LocalText | null;
  team: string | null;
  routing: FormDefinition['routing'];
  mail_to: string[];
  robots: string[];
  sla_minutes: number | null;
  autoresponse: FormDefinition['autoresponse'];
  version: number;
  revision: string;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
}

const COLUMNS = `slug, name, status, language, fields, origins, redirect, success_message, team, routing, mail_to, robots,
  sla_minutes, autoresponse, version, revision, created_at, updated_at, updated_by`;

function recordFrom(r: FormRow): FormRecord {
  return {
    slug: r.slug,
    name: r.name,
    status: r.status,
    language: r.language,
    fields: r.fields,
    origins: r.origins,
    redirect: r.redirect,
    successMessage: r.success_message,
    team: r.team,
    routing: r.routing,
    mailTo: r.mail_to,
    robots: r.robots,
    slaMinutes: r.sla_minutes,
    autoresponse: r.autoresponse,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/** The definition alone, as the snapshot and form_versions hold it. */
export function definitionOf(f: FormRecord): FormDefinition {
  const { createdAt: _c, updatedAt: _u, updatedBy: _b, ...definition } = f;
  return definition;
}

function values(f: FormInput): unknown[] {
  return [
    f.slug,
    f.name,
    f.status,
    f.language,
    JSON.stringify(f.fields),
    f.origins,
    f.redirect,
    f.successMessage && JSON.stringify(f.successMessage),
    f.team,
    JSON.stringify(f.routing),
    f.mailTo,
    f.robots,
    f.slaMinutes,
    f.autoresponse && JSON.stringify(f.autoresponse),
  ];
}

// A renamed team, in every form that names it (its `team`, its rules'
// `team`): each such form takes its next version and revision, as an edit would.
const RENAME_TEAM_SQL = `
WITH changed AS (
UPDATE forms SET
       team = CASE WHEN team = $1 THEN $2 ELSE team END,
       routing = (SELECT coalesce(jsonb_agg(CASE WHEN r->>'team' = $1 THEN jsonb_set(r, '{team}', to_jsonb($2::text)) ELSE r END
                                           ORDER BY n), '[]'::jsonb)
                    FROM jsonb_array_elements(routing) WITH ORDINALITY AS x(r, n)),
       updated_by = $3, version = version + 1, revision = nextval('forms_revision'), updated_at = now()
 WHERE team = $1 OR routing @> jsonb_build_array(jsonb_build_object('team', $1::text))
RETURNING ${COLUMNS})
SELECT * FROM changed ORDER BY slug`;

/** Form versions held in memory per worker: a few per form, so this bound is never reached in practice. */
const VERSIONS_KEPT = 500;

const INSERT_SQL = `
INSERT INTO forms (slug, name, status, language, fields, origins, redirect, success_message, team, routing, mail_to, robots,
                   sla_minutes, autoresponse, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
ON CONFLICT (slug) DO NOTHING
RETURNING ${COLUMNS}`;

// The row lock of the UPDATE orders concurrent edits of one form: each gets its own version.
// Wrapped in a CTE so the driver returns the rows as for a SELECT.
const UPDATE_SQL = `
WITH changed AS (
UPDATE forms SET name = $2, status = $3, language = $4, fields = $5, origins = $6, redirect = $7, success_message = $8,
       team = $9, routing = $10, mail_to = $11, robots = $12, sla_minutes = $13, autoresponse = $14, updated_by = $15,
       version = version + 1, revision = nextval('forms_revision'), updated_at = now()
 WHERE slug = $1 AND ($16::int IS NULL OR version = $16)
RETURNING ${COLUMNS})
SELECT * FROM changed`;

// One statement: the lead's form row and its task's form are written together.
const ATTACH_LEAD_SQL = `
WITH attached AS (
  INSERT INTO lead_forms (lead_id, form_slug, form_version, custom)
  VALUES ($1, $2::text, $3, $4) ON CONFLICT (lead_id) DO NOTHING
)
UPDATE follow_up_tasks SET form_slug = $2::text
 WHERE lead_id = $1 AND $2::text <> '${DEFAULT_FORM_SLUG}' AND form_slug IS DISTINCT FROM $2::text`;

/** The `forms`, `form_versions` and `lead_forms` tables. */
@Injectable()
export class FormRepository {
  private readonly versions = new Map<string, FormDefinition>();

  constructor(private readonly db: Db) {}

  async list(): Promise<FormRecord[]> {
    const rows: FormRow[] = await this.db.query(`SELECT ${COLUMNS} FROM forms ORDER BY slug`);
    return rows.map(recordFrom);
  }

  async find(slug: string): Promise<FormRecord | null> {
    const rows: FormRow[] = await this.db.query(`SELECT ${COLUMNS} FROM forms WHERE slug = $1`, [slug]);
    return rows.length > 0 ? recordFrom(rows[0]) : null;
  }

  /** Creates the form (version 1) and records that version; null when the slug is taken. */
  async create(input: FormInput, actor: string): Promise<FormRecord | null> {
    return this.db.transaction(async (m) => {
      const rows: FormRow[] = await m.query(INSERT_SQL, [...values(input), actor]);
      if (rows.length === 0) return null;
      return this.recordVersion(m, recordFrom(rows[0]), actor);
    });
  }

  /** Writes the next version; null when the form is missing or (with `expectedVersion`) was changed meanwhile. */
  async update(input: FormInput, actor: string, expectedVersion: number | null): Promise<FormRecord | null> {
    return this.db.transaction(async (m) => {
      const rows: FormRow[] = await m.query(UPDATE_SQL, [...values(input), actor, expectedVersion]);
      if (rows.length === 0) return null;
      return this.recordVersion(m, recordFrom(rows[0]), actor);
    });
  }

  /**
   * Gives every form naming team `from` (as its team or a rule's) the name
   * `to`, each as a new version, in the caller's transaction (the team's
   * rename); the forms changed, by slug.
   */
  async renameTeam(m: Sql, from: string, to: string, actor: string): Promise<FormRecord[]> {
    const rows: FormRow[] = await m.query(RENAME_TEAM_SQL, [from, to, actor]);
    const forms: FormRecord[] = [];
    for (const row of rows) forms.push(await this.recordVersion(m, recordFrom(row), actor));
    return forms;
  }

  private async recordVersion(m: Sql, form: FormRecord, actor: string): Promise<FormRecord> {
    await m.query(`INSERT INTO form_versions (slug, version, definition, created_by) VALUES ($1, $2, $3, $4)`, [
      form.slug,
      form.version,
      JSON.stringify(definitionOf(form)),
      actor,
    ]);
    return form;
  }

  /** Every form the gateways serve, under the newest revision. */
  async snapshot(): Promise<FormsSnapshot> {
    const rows: FormRow[] = await this.db.query(`SELECT ${COLUMNS} FROM forms ORDER BY slug`);
    const revision = rows.reduce((max, r) => Math.max(max, Number(r.revision)), 0);
    return { revision, forms: rows.map((r) => definitionOf(recordFrom(r))) };
  }

  /**
   * Ties a lead to the form version it was posted under, with its custom
   * answers, and marks its task with the form (what the board's `?form=`
   * walks; null stays the default form). Idempotent: a retried job repeats it.
   */
  async attachLead(leadId: string, slug: string, version: number, custom: CustomValues): Promise<void> {
    await this.db.query(ATTACH_LEAD_SQL, [leadId, slug, version, JSON.stringify(custom)]);
  }

  /** The definition a lead was posted under (routing, recipients, SLA); null when that version is not stored. */
  async definitionAt(slug: string, version: number): Promise<FormDefinition | null> {
    const key = `${slug}@${version}`;
    const known = this.versions.get(key);
    if (known) return known;
    const rows: { definition: FormDefinition }[] = await this.db.query(
      `SELECT definition FROM form_versions WHERE slug = $1 AND version = $2`,
      [slug, version],
    );
    const definition = rows[0]?.definition ?? null;
    // A stored version never changes, so every lead after the first reads it from memory.
    if (definition) {
      if (this.versions.size >= VERSIONS_KEPT) this.versions.delete(this.versions.keys().next().value!);
      this.versions.set(key, definition);
    }
    return definition;
  }

  /** The lead's form and answers, with the definition it was posted under; null for a default-form lead. */
  async ofLead(leadId: string): Promise<LeadForm | null> {
    const rows: { slug: string; version: number; definition: FormDefinition | null; custom: CustomValues }[] =
      await this.db.query(
        `SELECT lf.form_slug AS slug, lf.form_version AS version, v.definition, lf.custom
         FROM lead_forms lf LEFT JOIN form_versions v ON v.slug = lf.form_slug AND v.version = lf.form_version
        WHERE lf.lead_id = $1`,
        [leadId],
      );
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      slug: r.slug,
      version: r.version,
      name: r.definition?.name ?? null,
      fields: r.definition?.fields ?? [],
      custom: r.custom,
    };
  }
}
