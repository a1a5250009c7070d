import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmtpSink } from '../../../../test/support/smtp-sink';
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

  it('with SMTP sends the message it composed: envelope from its addresses, the Message-ID it reports, both parts', async () => {
    const sink = await SmtpSink.create();
    const mail = new MailTransport(workerMetrics(), workerConfig({ SMTP_URL: sink.url }));
    try {
      const sent = await mail.send({
        ...message,
        to: ['sales@example.com', '销售 <east@example.com>'],
        messageId: '<lead-1@example.com>',
        html: '<p>张三 想了解产品</p>',
      });
      expect(sent.messageId).toBe('<lead-1@example.com>');
      expect(mail.state).toBe('ok');
      const [received] = sink.messages;
      expect(sink.messages).toHaveLength(1);
      expect(received.envelopeFrom).toBe('no-reply@example.com');
      expect(received.envelopeTo).toEqual(['sales@example.com', 'east@example.com']);
      expect(received.header('message-id')).toBe('<lead-1@example.com>');
      expect(received.mail.subject).toBe('新线索');
      expect(received.mail.text?.trim()).toBe('张三 想了解产品');
      expect(received.mail.html).toContain('<p>张三 想了解产品</p>');
      expect(received.raw).toContain('Content-Transfer-Encoding: base64');
    } finally {
      mail.onApplicationShutdown();
      await sink.stop();
    }
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
