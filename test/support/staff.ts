/**
 * Helpers for the staff-side end-to-end tests (test/e2e/staff-*.e2e-spec.ts):
 * two sales accounts (one plain password, one bcrypt hash), request helpers
 * for the admin JSON API, raw-byte fetches (the CSV BOM), a small CSV parser
 * and a Prometheus text reader.
 */
import { hashSync } from 'bcryptjs';
import { basicAuth, request, type HttpResult } from './http';
import { ADMIN_PASSWORD, ADMIN_USER, type Stack } from './stack';

type Env = Record<string, string | undefined>;

export interface Account {
  name: string;
  password: string;
}

/** Configured with a plain password in STAFF_USERS; has an address in STAFF_EMAILS. */
export const WANG: Account = { name: 'wang', password: 'wang-Plain-Pa55' };
/** Configured with a bcrypt hash in STAFF_USERS; has no address in STAFF_EMAILS. */
export const LI: Account = { name: 'li', password: 'li-Hashed-Pa55' };
export const ADMIN: Account = { name: ADMIN_USER, password: ADMIN_PASSWORD };

export const WANG_EMAIL = 'wang.sales@example.com';
/** The stack's MAIL_TO (test/support/stack.ts). */
export const MAIL_TO = 'sales@example.com';
export const ESCALATION_TO = 'managers@example.com';

// Cost 8 keeps the test quick; the directory accepts any $2a/$2b/$2y hash.
const LI_HASH = hashSync(LI.password, 8);

/** Worker env for the staff tests: accounts, addresses, a sweep every second. */
export function staffWorkerEnv(extra: Env = {}): Env {
  return {
    STAFF_USERS: `${WANG.name}:${WANG.password},${LI.name}:${LI_HASH}`,
    STAFF_EMAILS: `${WANG.name}:${WANG_EMAIL}`,
    ESCALATION_TO,
    SWEEP_INTERVAL_SECONDS: '1',
    METRICS_PUBLIC: undefined,
    ...extra,
  };
}

export const authOf = (a: Account) => basicAuth(a.name, a.password);

const JSON_HEADERS = { accept: 'application/json' };

export function adminGet(stack: Stack, path: string, as: Account | null = ADMIN): Promise<HttpResult> {
  return request('GET', `${stack.adminUrl}${path}`, undefined, { headers: { ...JSON_HEADERS, ...(as ? authOf(as) : {}) } });
}

export function adminSend(
  stack: Stack,
  method: string,
  path: string,
  body: unknown,
  as: Account | null = ADMIN,
): Promise<HttpResult> {
  return request(method, `${stack.adminUrl}${path}`, body === undefined ? undefined : JSON.stringify(body), {
    headers: {
      ...JSON_HEADERS,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(as ? authOf(as) : {}),
    },
  });
}

export function patchTask(stack: Stack, taskId: string, body: unknown, as: Account = ADMIN): Promise<HttpResult> {
  return adminSend(stack, 'PATCH', `/admin/tasks/${taskId}`, body, as);
}

/** Posts a lead, waits for its alert email and its task row. */
export async function leadWithTask(
  stack: Stack,
  overrides: Record<string, unknown> = {},
): Promise<{ leadId: string; taskId: string; email: Awaited<ReturnType<Stack['processLead']>>['email'] }> {
  const { id, email } = await stack.processLead(overrides);
  const [task] = await stack.waitForRows<{ id: string }>('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [id]);
  return { leadId: id, taskId: task.id, email };
}

export async function taskRow(stack: Stack, taskId: string): Promise<Record<string, any>> {
  const { rows } = await stack.db.query('SELECT * FROM follow_up_tasks WHERE id = $1', [taskId]);
  if (rows.length !== 1) throw new Error(`no task ${taskId}`);
  return rows[0];
}

/** GET that keeps the body as bytes (fetch's text() silently drops a BOM). */
export async function getBytes(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(10000) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      if (c === '"')
        throw new Error(`stray quote inside an unquoted CSV field at offset ${i}: ${JSON.stringify(text.slice(i - 20, i + 20))}`);
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The CSV as objects keyed by the header's first word (`id`, `name`… — headers are "中文 english"). */
export function csvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [headerRow, ...rows] = parseCsv(text);
  const header = headerRow.map((h) => h.split(' ').pop()!);
  const records = rows.map((r) => {
    if (r.length !== header.length)
      throw new Error(`CSV row has ${r.length} cells, header ${header.length}: ${JSON.stringify(r)}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i]]));
  });
  return { header, records };
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Samples of Prometheus text exposition format. */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `labels`. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const hits = parseMetrics(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hits.length ? hits.reduce((n, s) => n + s.value, 0) : undefined;
}

/**
 * STAFF_USERS accounts are role `sales` now: they see and act on their own
 * and unassigned tasks only and cannot export. The older staff tests work
 * tasks across people and export, which is a manager's job: they promote
 * their accounts first.
 */
export async function promoteToManagers(stack: Stack, accounts: Account[] = [WANG, LI]): Promise<void> {
  for (const a of accounts) {
    const res = await adminSend(stack, 'PATCH', `/admin/staff/${a.name}`, { role: 'manager' });
    if (res.status !== 200) throw new Error(`could not promote ${a.name}: ${res.status} ${res.text}`);
  }
}
