/**
 * Without SMTP_URL the worker writes each alert as an .eml file under
 * MAIL_DIR, so `npm start` works with no mail server. This stack also leaves
 * creating the database to the worker (DATABASE_CREATE defaults to true).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { startStack, waitFor, type Stack } from '../support/stack';

// Starting the apps takes seconds; jest's 5 s default is for unit tests.
jest.setTimeout(60_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ smtp: false, createDatabase: false });
});

afterAll(async () => {
  await stack?.stop();
});

async function emlFiles(): Promise<string[]> {
  const entries = await readdir(stack.mailDir, { recursive: true });
  return entries.filter((f) => f.endsWith('.eml')).map((f) => join(stack.mailDir, f));
}

it('created the missing database and migrated it', async () => {
  const { rows } = await stack.db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['follow_up_tasks', 'leads', 'notifications']));
});

it('writes the alert as an .eml file with the same headers an SMTP alert has', async () => {
  const res = await fetch(stack.leadsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: '王芳',
      email: 'wang.fang@example.com',
      company: '杭州某某贸易',
      requirement: '<b>询价</b>',
      consent: true,
    }),
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };

  // Find the file that carries this lead's id (the dir is ours alone, but be exact).
  const mail = await waitFor(
    async () => {
      for (const file of await emlFiles()) {
        const parsed = await simpleParser(await readFile(file));
        if (parsed.headers.get('x-lead-id') === id) return parsed;
      }
      return null;
    },
    15000,
    `an .eml file for lead ${id} under MAIL_DIR`,
  );
  expect(mail.headers.get('x-lead-notice')).toBe('new-lead');
  expect(mail.messageId).toBe(`<lead-${id}@youpower.com.cn>`);
  expect(mail.subject).toContain('王芳');
  expect(mail.subject).toContain('杭州某某贸易');
  expect(mail.replyTo?.value[0].address).toBe('wang.fang@example.com');
  expect(mail.text).toContain('<b>询价</b>');
  expect(typeof mail.html === 'string' && mail.html.includes('&lt;b&gt;询价&lt;/b&gt;')).toBe(true);

  await stack.waitForRows(`SELECT 1 FROM notifications WHERE lead_id = $1 AND status = 'sent'`, [id]);
  // Nothing went to the (unused) SMTP sink.
  expect(stack.sink.messages).toHaveLength(0);
});
