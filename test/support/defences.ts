/**
 * Small helpers for the defence e2e tests (test/e2e/defences-*.e2e-spec.ts).
 */
import { QueueName } from '@app/contracts';
import { get, type HttpResult } from './http';
import type { SinkMessage } from './smtp-sink';
import type { Stack } from './stack';
import { sleep, waitFor } from './wait';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const HAN = /\p{Script=Han}/u;

export { sleep };

/**
 * The rate limit counts per clock minute. A test that needs N posts to land
 * in one bucket first waits for the next minute when fewer than `seconds`
 * remain in this one (at most `seconds` of waiting).
 */
export async function roomInThisMinute(seconds: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1000) await sleep(left + 250);
}

/** The `_token` hidden input of the form page, or throws. */
export function formTokenOf(page: string): string {
  const input = page.match(/<input\b[^>]*\bname="_token"[^>]*>/i)?.[0];
  if (!input) throw new Error(`no _token input in the page: ${page.slice(0, 500)}`);
  const type = input.match(/\btype="([^"]*)"/i)?.[1];
  if (type !== 'hidden') throw new Error(`the _token input is not hidden: ${input}`);
  const value = input.match(/\bvalue="([^"]*)"/i)?.[1];
  if (!value) throw new Error(`the _token input has no value: ${input}`);
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** Value of one Prometheus sample whose labels include all of `labels` (sum over matches), 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/);
    if (!m || m[1] !== name) continue;
    const present: Record<string, string> = {};
    for (const pair of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) present[pair[1]] = pair[2];
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) total += Number(m[4]);
  }
  return total;
}

/** Waits until the lead's intake job (job id = lead id) has completed in the worker; returns its return value. */
export async function intakeCompleted(stack: Stack, leadId: string, timeoutMs = 15000): Promise<any> {
  const queue = stack.queue(QueueName.LeadIntake);
  return waitFor(
    async () => {
      const job = await queue.getJob(leadId);
      if (!job) return null;
      return (await job.getState()) === 'completed' ? { value: job.returnvalue } : null;
    },
    timeoutMs,
    `intake job ${leadId} to complete`,
  ).then((r) => r.value);
}

/** Lead ids an email is about: its X-Lead-Id, or each id in a digest's X-Lead-Ids. */
export function leadIdsOf(message: SinkMessage): string[] {
  const ids = message.header('x-lead-ids') ?? message.header('x-lead-id') ?? '';
  return ids
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function countRows(stack: Stack, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await stack.db.query(sql, params);
  return Number(rows[0]?.n ?? rows.length);
}

/** Every text a message shows a reader: subject, text part and HTML part. */
export function visibleText(message: SinkMessage): string {
  const html = typeof message.mail.html === 'string' ? message.mail.html : '';
  return `${message.mail.subject ?? ''}\n${message.mail.text ?? ''}\n${html}`;
}

export function describeResponse(res: HttpResult): string {
  return `${res.status} ${JSON.stringify(Object.fromEntries(res.headers.entries()))} ${res.text.slice(0, 400)}`;
}

export { get };
