import { channelDirectory, DINGTALK_URL, WEBHOOK_URL } from '../../../../test/unit-fakes/channels.fixture';
import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import type { DueTask, TaskRepository } from '../data/task.repository';
import type { ChannelFanout } from '../notify/channel-fanout.service';
import type { ChannelDirectory } from '../notify/channels/channel-directory';
import { SlaReminderService } from './sla-reminder.service';

type Level = 'reminder' | 'escalation';

describe('SlaReminderService', () => {
  let rig: LedgerRig;
  let due: Map<string, DueTask[]>;
  let asked: { channel: string; level: Level; grace: number; destination?: string }[];
  let queued: { level: Level; destination: string; task: { id: string; leadId: string } }[];
  let fanoutError: Error | null;
  let staff: InMemoryStaff;
  let service: SlaReminderService;

  function build(env: Record<string, string> = {}) {
    const { directory, config } = channelDirectory({
      MAIL_TO: 'sales@example.com',
      ESCALATION_MINUTES: '45',
      ...env,
    });
    rig = ledgerRig(config);
    const tasks = {
      dueForNotice: jest.fn(async (channel: string, level: Level, grace: number, _limit: number, destination?: string) => {
        asked.push({ channel, level, grace, ...(destination ? { destination } : {}) });
        return due.get(`${channel}:${level}`) ?? [];
      }),
    };
    const channels = {
      taskNotice: jest.fn(async (level: Level, d: { id: string }, task: { id: string; leadId: string }) => {
        if (fanoutError) throw fanoutError;
        queued.push({ level, destination: d.id, task });
      }),
    };
    service = new SlaReminderService(
      tasks as unknown as TaskRepository,
      rig.ledger,
      rig.mailer,
      staff.asRepository(),
      channels as unknown as ChannelFanout,
      directory as ChannelDirectory,
      rig.config,
      fakeLogger(),
    );
    return directory;
  }

  const task = (id: string, assignee: string | null): DueTask => ({
    id,
    assignee,
    dueAt: new Date('2026-03-02T02:00:00Z'),
    lead: aLead(),
  });

  beforeEach(() => {
    due = new Map();
    asked = [];
    queued = [];
    fanoutError = null;
    staff = new InMemoryStaff(
      aMember('li', { displayName: '李雷' }),
      aMember('noaddr', { email: null }),
      aMember('left', { active: false }),
    );
    build();
  });

  it('reminds the owner by their own email; with no usable address (none, inactive, nobody) MAIL_TO instead', async () => {
    due.set('email:reminder', [task('t1', 'li'), task('t2', 'noaddr'), task('t3', 'left'), task('t4', null)]);
    expect(await service.check()).toEqual({ reminders: 4, escalations: 0, failed: 0 });
    expect(rig.mail.sent.map((m) => m.to)).toEqual([
      ['li@example.com'],
      ['sales@example.com'],
      ['sales@example.com'],
      ['sales@example.com'],
    ]);
    expect(rig.notifications.row({ channel: 'email', kind: 'reminder', taskId: 't1' })).toMatchObject({
      status: 'sent',
      recipients: 'li@example.com',
    });
    // The owner is named by display name and login.
    expect(String(rig.mail.sent[0].text)).toContain('李雷 (li)');
  });

  it('asks for reminders at the due time and escalations ESCALATION_MINUTES later', async () => {
    await service.check();
    expect(asked).toEqual([
      { channel: 'email', level: 'reminder', grace: 0 },
      { channel: 'email', level: 'escalation', grace: 45 },
    ]);
  });

  it('escalates to ESCALATION_TO, or MAIL_TO when it is not set', async () => {
    due.set('email:escalation', [task('t1', 'li')]);
    await service.check();
    expect(rig.mail.sent[0].to).toEqual(['sales@example.com']);
    build({ ESCALATION_TO: 'mgr@example.com,boss@example.com' });
    await service.check();
    expect(rig.mail.sent[0].to).toEqual(['mgr@example.com', 'boss@example.com']);
  });

  it('never sends the same task and level twice', async () => {
    due.set('email:reminder', [task('t1', 'li')]);
    await service.check();
    expect(await service.check()).toEqual({ reminders: 0, escalations: 0, failed: 0 });
    expect(rig.mail.sent).toHaveLength(1);
  });

  it('goes on past a failed send, then fails the run; the next check retries it', async () => {
    due.set('email:reminder', [task('t1', 'li'), task('t2', 'li')]);
    rig.mail.failNext(new Error('SMTP 421'));
    await expect(service.check()).rejects.toThrow('1 SLA notice(s) failed');
    expect(rig.mail.sent).toHaveLength(1);
    expect(rig.notifications.row({ channel: 'email', kind: 'reminder', taskId: 't1' })!.status).toBe('pending');
    expect(await service.check()).toEqual({ reminders: 1, escalations: 0, failed: 0 });
  });

  it('queues the same notices for the robots that want them and for webhooks', async () => {
    const directory = build({ DINGTALK_ROBOTS: DINGTALK_URL, WEBHOOK_URLS: WEBHOOK_URL, ROBOT_NOTICES: 'new-lead,reminder' });
    const [robot, hook] = directory.all;
    const t = task('t9', 'li');
    due.set(`dingtalk:reminder`, [t]);
    due.set(`webhook:escalation`, [t]);
    await service.check();
    // The robot does not want escalations (ROBOT_NOTICES); webhooks get both.
    expect(asked.filter((a) => a.channel !== 'email')).toEqual([
      { channel: 'dingtalk', level: 'reminder', grace: 0, destination: robot.id },
      { channel: 'webhook', level: 'reminder', grace: 0, destination: hook.id },
      { channel: 'webhook', level: 'escalation', grace: 45, destination: hook.id },
    ]);
    expect(queued).toEqual([
      { level: 'reminder', destination: robot.id, task: { id: 't9', leadId: t.lead.id } },
      { level: 'escalation', destination: hook.id, task: { id: 't9', leadId: t.lead.id } },
    ]);
  });

  it('fails the run when a robot notice could not be queued', async () => {
    build({ DINGTALK_ROBOTS: DINGTALK_URL });
    due.set('dingtalk:reminder', [task('t1', 'li')]);
    fanoutError = new Error('Redis down');
    await expect(service.check()).rejects.toThrow('SLA notice(s) failed');
  });
});
