import { channelDirectory, DINGTALK_URL, WEBHOOK_URL, WECOM_URL } from '../../../../test/unit-fakes/channels.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import type { DeadLetterRepository } from '../data/dead-letter.repository';
import type { ChannelProducer } from '../queue/channel-producer.service';
import type { NotifyProducer } from '../queue/notify-producer.service';
import { DeadLetterNotices } from './dead-letter-notice.service';

describe('DeadLetterNotices', () => {
  const DL = '0190d6a4-7c3e-7b1a-9f3e-2d4c5b6a7e8f';
  let rig: LedgerRig;
  let emailJobs: string[];
  let robotJobs: { ledgerKey: string; destinationId: string }[][];
  let letters: Map<string, unknown>;
  let service: DeadLetterNotices;
  let robots: { id: string; channel: string }[];

  beforeEach(() => {
    const { directory, config } = channelDirectory({
      MAIL_TO: 'Sales@example.com',
      DINGTALK_ROBOTS: DINGTALK_URL,
      WECOM_ROBOTS: WECOM_URL,
      WEBHOOK_URLS: WEBHOOK_URL,
    });
    robots = directory.all.filter((d) => d.channel !== 'webhook');
    rig = ledgerRig(config);
    emailJobs = [];
    robotJobs = [];
    letters = new Map([
      [
        DL,
        {
          id: DL,
          jobId: 'job-1',
          queue: 'lead-intake',
          leadId: null,
          reason: 'bad payload',
          payload: '{}',
          createdAt: new Date(),
        },
      ],
    ]);
    const staff = new InMemoryStaff(
      aMember('boss', { role: 'admin', email: 'boss@example.com' }),
      aMember('root', { role: 'admin', email: 'sales@EXAMPLE.com' }),
      aMember('old', { role: 'admin', active: false, email: 'old@example.com' }),
      aMember('li', { email: 'li@example.com' }),
    );
    service = new DeadLetterNotices(
      directory,
      rig.notifications.asRepository(),
      rig.ledger,
      rig.mailer,
      { find: async (id: string) => letters.get(id) ?? null } as unknown as DeadLetterRepository,
      staff.asRepository(),
      { deadLetter: async (p: { deadLetterId: string }) => void emailJobs.push(p.deadLetterId) } as unknown as NotifyProducer,
      { alert: async (rows: (typeof robotJobs)[number]) => void robotJobs.push(rows) } as unknown as ChannelProducer,
      config,
      fakeLogger(),
    );
  });

  it('records one email row and one row per robot (webhooks get nothing), and queues them', async () => {
    await service.raise(DL);
    expect(rig.notifications.rows.map((r) => r.key)).toEqual([
      `email:dead-letter:${DL}`,
      ...robots.map((r) => `${r.channel}:dead-letter:${DL}:${r.id}`),
    ]);
    expect(emailJobs).toEqual([DL]);
    expect(robotJobs).toEqual([
      robots.map((r) => ({ ledgerKey: `${r.channel}:dead-letter:${DL}:${r.id}`, destinationId: r.id })),
    ]);
    // Raised again (a re-buried job): no second row.
    await service.raise(DL);
    expect(rig.notifications.rows).toHaveLength(3);
  });

  it('emails the active admins with an address and MAIL_TO, each address once', async () => {
    await service.raise(DL);
    expect(await service.deliverEmail(DL, false)).toBe('sent');
    expect(rig.mail.sent).toHaveLength(1);
    expect(rig.mail.sent[0].to).toBe('boss@example.com, sales@example.com');
    expect(String(rig.mail.sent[0].text)).toContain('/admin/board/dead-letters');
    expect(await service.deliverEmail(DL, false)).toBe('already-sent');
  });

  it('drops the email for good when the dead letter was handled and removed', async () => {
    await service.raise(DL);
    letters.clear();
    expect(await service.deliverEmail(DL, false)).toBe('dropped');
    expect(rig.notifications.row(`email:dead-letter:${DL}`)!.status).toBe('failed');
    expect(rig.mail.sent).toEqual([]);
  });

  it('throws on a failed send so the job retries', async () => {
    await service.raise(DL);
    rig.mail.failNext();
    await expect(service.deliverEmail(DL, false)).rejects.toThrow();
    expect(rig.notifications.row(`email:dead-letter:${DL}`)!.status).toBe('pending');
  });
});
