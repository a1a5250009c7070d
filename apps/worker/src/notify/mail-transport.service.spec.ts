import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sample, workerMetrics } from '../../../../test/unit-fakes/metrics.fixture';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { MailTransport } from './mail-transport.service';

describe('MailTransport', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mail-transport-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const message = {
    from: 'Lead Intake <no-reply@example.com>',
    to: 'sales@example.com',
    subject: '新线索',
    text: '张三 想了解产品',
    headers: { 'X-Lead-Notice': 'new-lead' },
  };

  it('without SMTP writes each message as a whole .eml file and counts it sent', async () => {
    const metrics = workerMetrics();
    const mail = new MailTransport(metrics, workerConfig({ MAIL_DIR: dir }));
    expect(mail.state).toBe('file');
    const sent = await mail.send(message);
    expect(sent.messageId).toMatch(/^<.+@.+>$/);
    const files = readdirSync(dir);
    expect(files).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT.*-[0-9a-f]{16}\.eml$/)]);
    expect(sent.destination).toBe(join(dir, files[0]));
    const eml = readFileSync(join(dir, files[0]), 'utf8');
    expect(eml).toContain('\r\n');
    expect(eml).toContain('X-Lead-Notice: new-lead');
    expect(eml).toContain('Content-Transfer-Encoding: base64');
    expect(await sample(metrics, 'alerts_sent_total', { channel: 'email', kind: 'new-lead' })).toBe(1);
  });

  it('with SMTP down throws (so the job retries), reports failing and counts the failure', async () => {
    const metrics = workerMetrics();
    const mail = new MailTransport(metrics, workerConfig({ SMTP_URL: 'smtp://127.0.0.1:1', SMTP_TIMEOUT_MS: '1000' }));
    expect(mail.state).toBe('unknown');
    await expect(mail.send(message)).rejects.toThrow(/ECONNREFUSED|connect/);
    expect(mail.state).toBe('failing');
    expect(await sample(metrics, 'alerts_failed_total', { channel: 'email', kind: 'new-lead', reason: 'send-error' })).toBe(1);
    mail.onApplicationShutdown();
  });
});
