import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { Readable } from 'node:stream';
import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { buildAlertEmail, buildDigestEmail } from './alert-email.builder';
import { buildAutoresponseEmail } from './autoresponse-email.builder';
import { composeMail, mimeBytes } from './mail-bytes';

const SETTINGS = {
  from: '线索系统 <no-reply@youpower.com.cn>',
  to: ['sales@example.com', '华东 <east@example.com>'],
  adminUrl: 'https://crm.example.com',
};

const HOSTILE = {
  name: '张三\r\nBcc: victim@example.com <script>alert(1)</script> 😀',
  company: '=?utf-8?B?ZXZpbA==?= "quoted" \\ back',
  requirement: `.\r\n.leading dot line\n${'很长的一行没有换行'.repeat(60)}\r\nSubject: injected\n\n.`,
  email: "o'brien+tag@example.com",
};

const MESSAGES: [string, SendMailOptions][] = [
  ['a new-lead alert', buildAlertEmail(aLead(), 'new-lead', SETTINGS, undefined, { login: 'li.na', name: '李娜' })],
  ['an alert with hostile fields', buildAlertEmail(aLead(HOSTILE), 'new-lead', SETTINGS)],
  ['an English resend', buildAlertEmail(aLead(HOSTILE), 'resend', { ...SETTINGS, lang: 'en' }, 'email:resend:1:x')],
  ['a digest', buildDigestEmail([aLead(), aLead(HOSTILE)], SETTINGS)],
  ['a visitor confirmation', buildAutoresponseEmail('visitor@example.com', 'email:autoresponse:x', SETTINGS.from)],
  ['a plain ASCII text (7bit)', { from: 'a@example.com', to: 'b@example.com', subject: 'hi', text: 'hello\nworld' }],
  [
    'text without a final newline, html with one',
    { from: 'a@example.com', to: 'b@example.com', text: '中文', html: '<p>x</p>\n' },
  ],
  [
    'an attachment from a Buffer',
    {
      from: 'a@example.com',
      to: 'b@example.com',
      text: 'x',
      attachments: [{ filename: '报价.csv', content: Buffer.from('a,b\n1,2') }],
    },
  ],
];

/** One composed tree, as nodemailer would send it. */
function compiled(message: SendMailOptions) {
  return new MailComposer({ textEncoding: 'base64', ...message } as ConstructorParameters<typeof MailComposer>[0]).compile();
}

describe('mimeBytes', () => {
  it.each(MESSAGES)('writes %s exactly as nodemailer streams it', async (_, message) => {
    const root = compiled(message);
    const ours = await mimeBytes(root);
    // The same tree (boundaries, Date and Message-ID are fixed once its headers are built), through nodemailer's streams.
    const theirs = await root.build();
    expect(ours.toString('utf8')).toBe(theirs.toString('utf8'));
    expect(ours.equals(theirs)).toBe(true);
  });

  it('leaves trees it cannot write alike to nodemailer (quoted-printable, streams)', async () => {
    const qp = compiled({ from: 'a@example.com', to: 'b@example.com', text: 'é'.repeat(10), textEncoding: 'quoted-printable' });
    expect((await mimeBytes(qp)).toString()).toContain('Content-Transfer-Encoding: quoted-printable');
    const stream = compiled({ from: 'a@example.com', to: 'b@example.com', text: Readable.from(['streamed ', 'text']) });
    expect((await mimeBytes(stream)).toString()).toContain(Buffer.from('streamed text').toString('base64'));
  });
});

describe('composeMail', () => {
  it('gives the envelope from the addresses and the Message-ID it wrote, and never the Bcc header', async () => {
    const mail = await composeMail({ ...MESSAGES[0][1], bcc: 'hidden@example.com', messageId: '<lead-1@example.com>' });
    expect(mail.envelope).toEqual({
      from: 'no-reply@youpower.com.cn',
      to: ['sales@example.com', 'east@example.com', 'hidden@example.com'],
    });
    expect(mail.messageId).toBe('<lead-1@example.com>');
    const text = mail.raw.toString();
    expect(text).toContain('Message-ID: <lead-1@example.com>\r\n');
    expect(text).not.toMatch(/^Bcc:/im);
    expect(text.endsWith('\r\n')).toBe(true);
  });
});
