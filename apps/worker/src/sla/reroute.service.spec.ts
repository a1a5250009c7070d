import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { BusinessCalendar } from '../data/business-calendar';
import type { LeadRepository } from '../data/lead.repository';
import type { LedgerKey } from '../data/ledger-key';
import type { PersonalLinks } from '../notify/personal-links.service';
import type {
  PendingRerouteNotice,
  RerouteOutcome,
  RerouteRepository,
  RerouteRobotRow,
  RerouteRobots,
  SilentTask,
} from '../data/reroute.repository';
import type { SpeedMetrics } from '../metrics/speed-metrics.service';
import type { AssignedNoticeService } from '../notify/assigned-notice.service';
import type { RerouteRobotTargets } from '../notify/reroute-robots.service';
import { RerouteService } from './reroute.service';

const NOW = new Date('2026-03-02T04:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe('RerouteService', () => {
  let rig: LedgerRig;
  let silent: SilentTask[];
  let outcomes: Map<string, RerouteOutcome | Error>;
  let steps: { taskId: string; limit: number; note: string; extra: string[]; robots: RerouteRobots }[];
  let queued: RerouteRobotRow[][];
  let queueError: Error | null;
  let pending: PendingRerouteNotice[];
  let metrics: { reroutedLead: jest.Mock };
  let assigned: { deliver: jest.Mock };
  let service: RerouteService;

  function build(env: Record<string, string> = {}) {
    rig = ledgerRig(workerConfig({ CLAIM_WITHIN_MINUTES: '10', REROUTE_LIMIT: '2', MAIL_TO: 'sales@example.com', ...env }));
    const lead = rig.notifications.addLead(aLead({ id: 'lead-1' }));
    const reroutes = {
      silent: jest.fn(async () => silent),
      step: jest.fn(async (task: SilentTask, limit: number, note: string, extra: string[], robots: RerouteRobots) => {
        steps.push({ taskId: task.id, limit, note, extra, robots });
        const outcome = outcomes.get(task.id) ?? { kind: 'stale' };
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }),
      pendingNotices: jest.fn(async () => pending),
      owner: jest.fn(async () => ({ assignee: 'wang', reroutes: 2 })),
      stepEvent: jest.fn(async () => ({ from: 'li', to: 'wang' })),
    };
    const staff = new InMemoryStaff(aMember('li', { displayName: '李雷' }), aMember('wang', { displayName: '王芳' }));
    metrics = { reroutedLead: jest.fn() };
    assigned = { deliver: jest.fn(async () => 'sent') };
    const links = { linkFor: jest.fn(async (_lead: string, login: string) => `https://admin/go/${login}`) };
    service = new RerouteService(
      reroutes as unknown as RerouteRepository,
      { findById: async (id: string) => (id === lead.id ? lead : null) } as unknown as LeadRepository,
      staff.asRepository(),
      new BusinessCalendar(null, 30),
      rig.ledger,
      rig.mailer,
      metrics as unknown as SpeedMetrics,
      links as unknown as PersonalLinks,
      assigned as unknown as AssignedNoticeService,
      {
        of: async (leadId: string) => ({
          paged: [{ channel: 'dingtalk', id: `robot-of-${leadId}`, label: 'dingtalk' }],
          limit: [],
        }),
        queue: async (rows: RerouteRobotRow[]) => {
          if (queueError) throw queueError;
          queued.push(rows);
        },
      } as unknown as RerouteRobotTargets,
      rig.config,
      fakeLogger(),
    );
  }

  /** A notice the step recorded, with its ledger row. */
  function owed(key: LedgerKey, recipients = ['wang@example.com']): PendingRerouteNotice {
    rig.notifications.seed({ key, leadId: 'lead-1', taskId: 'task-1', recipients: recipients.join(', ') });
    return { key, leadId: 'lead-1', taskId: 'task-1', recipients };
  }

  beforeEach(() => {
    silent = [];
    outcomes = new Map();
    steps = [];
    queued = [];
    queueError = null;
    pending = [];
    build();
  });

  it('steps only the tasks silent for CLAIM_WITHIN_MINUTES, and counts re-routes and escalations', async () => {
    silent = [
      { id: 'quiet', leadId: 'lead-1', assignee: 'li', since: minutesAgo(11), reroutes: 0 },
      { id: 'fresh', leadId: 'lead-1', assignee: 'li', since: minutesAgo(9), reroutes: 0 },
      { id: 'tried', leadId: 'lead-1', assignee: 'wang', since: minutesAgo(30), reroutes: 2 },
    ];
    outcomes.set('quiet', { kind: 'rerouted', from: 'li', to: 'wang', step: 1, robotRows: [] });
    outcomes.set('tried', { kind: 'escalated', robotRows: [] });
    expect(await service.check(NOW)).toEqual({ rerouted: 1, escalated: 1, notices: 0, failed: 0 });
    expect(steps.map((s) => s.taskId)).toEqual(['quiet', 'tried']);
    expect(steps[0]).toMatchObject({ limit: 2, extra: ['sales@example.com'] });
    // The history note names the silent owner by name and login.
    expect(steps[0].note).toContain('李雷 (li)');
    expect(metrics.reroutedLead).toHaveBeenCalledTimes(1);
  });

  it("hands each step the lead's robots, and queues the rows the committed step recorded", async () => {
    silent = [
      { id: 'quiet', leadId: 'lead-1', assignee: 'li', since: minutesAgo(11), reroutes: 0 },
      { id: 'moved', leadId: 'lead-1', assignee: 'li', since: minutesAgo(11), reroutes: 0 },
    ];
    const rows = [{ ledgerKey: 'dingtalk:assigned:quiet:1:robot-of-lead-1', destinationId: 'robot-of-lead-1' }];
    outcomes.set('quiet', { kind: 'rerouted', from: 'li', to: 'wang', step: 1, robotRows: rows });
    // 'moved' is stale: another worker or a touch got there first, so nothing is queued for it.
    await service.check(NOW);
    expect(steps.map((s) => s.robots.paged.map((r) => r.id))).toEqual([['robot-of-lead-1'], ['robot-of-lead-1']]);
    expect(queued).toEqual([rows]);
  });

  it('keeps a committed step when its robot jobs cannot be queued, and fails the run so the failure shows', async () => {
    silent = [{ id: 'quiet', leadId: 'lead-1', assignee: 'li', since: minutesAgo(11), reroutes: 0 }];
    outcomes.set('quiet', { kind: 'escalated', robotRows: [{ ledgerKey: 'k', destinationId: 'r' }] });
    queueError = new Error('Redis down');
    const err = await service.check(NOW).then(
      () => null,
      (e: unknown) => e as AggregateError,
    );
    expect(err!.errors.map((e: Error) => e.message)).toEqual(['Redis down']);
    expect(steps).toHaveLength(1);
  });

  it('sends escalations to ESCALATION_TO when set', async () => {
    build({ ESCALATION_TO: 'mgr@example.com' });
    silent = [{ id: 'quiet', leadId: 'lead-1', assignee: 'li', since: minutesAgo(60), reroutes: 0 }];
    await service.check(NOW);
    expect(steps[0].extra).toEqual(['mgr@example.com']);
  });

  it('re-routes nothing when CLAIM_WITHIN_MINUTES is 0, but still sends the notices owed', async () => {
    build({ CLAIM_WITHIN_MINUTES: '0' });
    silent = [{ id: 'quiet', leadId: 'lead-1', assignee: 'li', since: minutesAgo(600), reroutes: 0 }];
    pending = [owed({ channel: 'email', kind: 'rerouted-away', taskId: 'task-1', step: '1' }, ['li@example.com'])];
    expect(await service.check(NOW)).toEqual({ rerouted: 0, escalated: 0, notices: 1, failed: 0 });
    expect(steps).toEqual([]);
    expect(rig.mail.sent.map((m) => m.to)).toEqual([['li@example.com']]);
  });

  it('pages the new owner with their personal link, and marks the notice sent once', async () => {
    const notice = owed({ channel: 'email', kind: 'assigned', taskId: 'task-1', step: '1' });
    pending = [notice];
    await service.check(NOW);
    expect(rig.mail.sent).toHaveLength(1);
    expect(String(rig.mail.sent[0].text)).toContain('https://admin/go/wang');
    expect(rig.notifications.row(notice.key)!.status).toBe('sent');
    expect((await service.check(NOW)).notices).toBe(0);
    expect(rig.mail.sent).toHaveLength(1);
  });

  it('tells the managers once the limit is reached', async () => {
    pending = [owed({ channel: 'email', kind: 'reroute-limit', taskId: 'task-1' }, ['mgr@example.com'])];
    expect((await service.check(NOW)).notices).toBe(1);
    expect(rig.mail.sent[0].to).toEqual(['mgr@example.com']);
    expect(String(rig.mail.sent[0].text)).toContain('王芳 (wang)');
  });

  it("leaves an owner's arrival or hand-over notice to the assigned-notice service", async () => {
    const notice = owed({ channel: 'email', kind: 'assigned', taskId: 'task-1', step: 'arrival' });
    pending = [notice];
    expect((await service.check(NOW)).notices).toBe(1);
    expect(assigned.deliver).toHaveBeenCalledWith(expect.objectContaining({ key: notice.key, taskId: 'task-1' }));
    expect(rig.mail.sent).toHaveLength(0);
  });

  it('goes on after a failed step or send, then fails the run (so the next check retries) with every error', async () => {
    silent = [
      { id: 'broken', leadId: 'lead-1', assignee: 'li', since: minutesAgo(20), reroutes: 0 },
      { id: 'quiet', leadId: 'lead-1', assignee: 'li', since: minutesAgo(20), reroutes: 0 },
    ];
    outcomes.set('broken', new Error('deadlock detected'));
    outcomes.set('quiet', { kind: 'rerouted', from: 'li', to: 'wang', step: 1, robotRows: [] });
    const notice = owed({ channel: 'email', kind: 'assigned', taskId: 'task-1', step: '1' });
    pending = [notice];
    rig.mail.failNext(new Error('SMTP 421'));
    const err = await service.check(NOW).then(
      () => null,
      (e: unknown) => e as AggregateError,
    );
    expect(err).toBeInstanceOf(AggregateError);
    expect(err!.errors.map((e: Error) => e.message)).toEqual(['deadlock detected', 'SMTP 421']);
    expect(metrics.reroutedLead).toHaveBeenCalledTimes(1);
    expect(rig.notifications.row(notice.key)!.status).toBe('pending');
  });

  it('skips a notice another worker is sending without counting a failure', async () => {
    const notice = owed({ channel: 'email', kind: 'rerouted-away', taskId: 'task-1', step: '1' });
    await rig.ledger.claim(notice.key);
    pending = [notice];
    expect(await service.check(NOW)).toEqual({ rerouted: 0, escalated: 0, notices: 0, failed: 0 });
  });
});
