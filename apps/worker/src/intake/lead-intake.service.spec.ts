import { UnrecoverableError } from 'bullmq';
import type { FormDefinition } from '@app/contracts';
import { aLeadPayload } from '../../../../test/unit-fakes/lead-payload.fixture';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import { BusinessCalendar } from '../data/business-calendar';
import type { FormRepository } from '../data/form.repository';
import type { ContactFacts, LeadRepository, PersistResult, SpamMark } from '../data/lead.repository';
import type { SpamMetric } from '../metrics/spam.metric';
import type { SpamRepository } from '../data/spam.repository';
import type { AssignedNoticeService } from '../notify/assigned-notice.service';
import type { AutoresponseService } from '../notify/autoresponse.service';
import type { ChannelFanout } from '../notify/channel-fanout.service';
import type { LeadAlertService } from '../notify/lead-alert.service';
import type { DeadLetterService } from './dead-letter.service';
import { LeadIntakeService } from './lead-intake.service';
import type { SpamCheck } from './spam/spam-check.service';

const CLEAN: SpamMark = { score: 0.1, reasons: [], quarantined: false } as unknown as SpamMark;

describe('LeadIntakeService', () => {
  let calls: string[];
  let persisted: Parameters<LeadRepository['persist']>[];
  let persistResult: PersistResult | Error;
  let persistResults: PersistResult[];
  let settled: SpamMark[];
  let spamMark: SpamMark;
  let heldAlready: boolean;
  let definition: FormDefinition | null;
  let fanOutError: Error | null;
  let alertError: Error | null;
  let buried: { jobId: string; reason: string }[];
  let attached: unknown[][];
  let alerts: { deliverNewLeadAlert: jest.Mock };
  let channels: { newLead: jest.Mock };
  let metric: { leadQuarantined: jest.Mock };
  let service: LeadIntakeService;

  beforeEach(() => {
    calls = [];
    persisted = [];
    persistResult = {
      created: true,
      alert: { id: 'n1', attempts: 1, lead: null },
      owner: 'li',
      ownerName: '李雷',
      ownerChoice: null,
    };
    persistResults = [];
    settled = [];
    spamMark = CLEAN;
    heldAlready = false;
    definition = null;
    fanOutError = null;
    alertError = null;
    buried = [];
    attached = [];
    const leads = {
      persist: jest.fn(async (...args: Parameters<LeadRepository['persist']>) => {
        calls.push('persist');
        persisted.push(args);
        if (persistResult instanceof Error) throw persistResult;
        return persistResults.shift() ?? persistResult;
      }),
    };
    alerts = {
      deliverNewLeadAlert: jest.fn(async () => {
        calls.push('alert');
        if (alertError) throw alertError;
        return 'sent';
      }),
    };
    channels = {
      newLead: jest.fn(async () => {
        calls.push('robots');
        if (fanOutError) throw fanOutError;
      }),
    };
    metric = { leadQuarantined: jest.fn() };
    service = new LeadIntakeService(
      leads as unknown as LeadRepository,
      new BusinessCalendar(null, 30),
      alerts as unknown as LeadAlertService,
      { deliver: jest.fn(async () => (calls.push('autoresponse'), 'skipped')) } as unknown as AutoresponseService,
      channels as unknown as ChannelFanout,
      {
        bury: jest.fn(async (jobId: string, _data: unknown, reason: string) => void buried.push({ jobId, reason })),
      } as unknown as DeadLetterService,
      { onArrival: jest.fn(async () => (calls.push('owner-notice'), 'sent')) } as unknown as AssignedNoticeService,
      {
        check: jest.fn(async (_payload: unknown, history?: ContactFacts) =>
          history ? { ...spamMark, quarantined: history.markedSpam, reasons: ['contact-marked-spam'] } : spamMark,
        ),
        settled: (mark: SpamMark) => void settled.push(mark),
      } as unknown as SpamCheck,
      { isQuarantined: jest.fn(async () => heldAlready) } as unknown as SpamRepository,
      metric as unknown as SpamMetric,
      {
        definitionAt: jest.fn(async () => definition),
        attachLead: jest.fn(async (...args: unknown[]) => void attached.push(args)),
      } as unknown as FormRepository,
      workerConfig({ MAIL_TO: 'sales@example.com', FOLLOW_UP_SLA_MINUTES: '30', RETURNING_CUSTOMER_DAYS: '90' }),
    );
  });

  it('stores the lead with its task and claimed alert, then alerts, robots, the owner and the visitor', async () => {
    const payload = aLeadPayload();
    const result = await service.accept(payload, false);
    expect(result).toEqual({ created: true, owner: 'li', alert: 'sent', autoresponse: 'skipped' });
    expect(calls).toEqual(['persist', 'robots', 'alert', 'owner-notice', 'autoresponse']);
    const [, task, alert, assignment, spam] = persisted[0];
    expect(task.dueAt).toEqual(new Date('2026-03-02T01:30:00.000Z'));
    expect(alert).toEqual({ recipients: 'sales@example.com' });
    expect(assignment).toEqual({ enabled: true, returningCustomerDays: 90 });
    expect(spam).toBe(CLEAN);
    expect(settled).toEqual([CLEAN]);
    // The alert goes out on the row persist claimed, naming the owner chosen with it (a plain lead: no form to show).
    expect(alerts.deliverNewLeadAlert).toHaveBeenCalledWith(
      payload.id,
      false,
      { id: 'n1', attempts: 1, lead: null, recipients: 'sales@example.com' },
      { login: 'li', name: '李雷' },
      null,
    );
  });

  it("scores again with the contact's history when the store hands it back, and stores that mark", async () => {
    const history = { leadsToday: 4, markedSpam: true, blocked: null };
    persistResults = [{ created: false, alert: null, owner: null, ownerName: null, ownerChoice: null, contactHistory: history }];
    expect((await service.accept(aLeadPayload(), false)).alert).toBe('quarantined');
    expect(persisted.map((args) => args[4])).toEqual([CLEAN, { ...CLEAN, quarantined: true, reasons: ['contact-marked-spam'] }]);
    expect(settled).toEqual([{ ...CLEAN, quarantined: true, reasons: ['contact-marked-spam'] }]);
    expect(calls).toEqual(['persist', 'persist']);
    expect(metric.leadQuarantined).toHaveBeenCalledTimes(1);
  });

  it('on a retried job (lead stored already) claims the alert itself', async () => {
    persistResult = { created: false, alert: null, owner: null, ownerName: null, ownerChoice: null };
    await service.accept(aLeadPayload(), true);
    expect(alerts.deliverNewLeadAlert).toHaveBeenCalledWith(aLeadPayload().id, true);
  });

  it("routes by the form version's rules and SLA: its recipients and robots, its due time", async () => {
    definition = {
      team: 'east',
      mailTo: ['east@example.com'],
      robots: ['华东'],
      routing: [],
      slaMinutes: 10,
    } as unknown as FormDefinition;
    const payload = aLeadPayload({ form: { slug: 'quote', version: 3 }, custom: { product: 'steel' } });
    await service.accept(payload, false);
    expect(persisted[0][1].dueAt).toEqual(new Date('2026-03-02T01:10:00.000Z'));
    expect(persisted[0][2]).toEqual({ recipients: 'east@example.com' });
    expect(channels.newLead).toHaveBeenCalledWith(payload.id, ['华东']);
    expect(attached).toEqual([[payload.id, 'quote', 3, { product: 'steel' }]]);
    // The alert shows the form and answers intake holds, as FormRepository.ofLead would read them back.
    expect(alerts.deliverNewLeadAlert.mock.calls[0][4]).toEqual({
      slug: 'quote',
      version: 3,
      name: null,
      fields: [],
      custom: { product: 'steel' },
    });
  });

  it('holds a quarantined lead: stored, counted, nobody paged', async () => {
    spamMark = { ...CLEAN, quarantined: true } as SpamMark;
    expect(await service.accept(aLeadPayload(), false)).toEqual({
      created: true,
      owner: null,
      alert: 'quarantined',
      autoresponse: 'quarantined',
    });
    expect(calls).toEqual(['persist']);
    expect(metric.leadQuarantined).toHaveBeenCalledTimes(1);
  });

  it('asks the stored row, not the score, on a retry of a held lead', async () => {
    persistResult = { created: false, alert: null, owner: null, ownerName: null, ownerChoice: null };
    heldAlready = true;
    expect((await service.accept(aLeadPayload(), false)).alert).toBe('quarantined');
    expect(metric.leadQuarantined).not.toHaveBeenCalled();
    expect(calls).toEqual(['persist']);
  });

  it('sends the email even when queueing the robots failed, then fails the job so its retry queues them', async () => {
    fanOutError = new Error('Redis down');
    await expect(service.accept(aLeadPayload(), false)).rejects.toThrow('Redis down');
    expect(calls).toEqual(['persist', 'robots', 'alert']);
  });

  it('rethrows a failed alert so BullMQ retries the job', async () => {
    alertError = new Error('SMTP 421');
    await expect(service.acceptJob('job-1', aLeadPayload(), false)).rejects.toThrow('SMTP 421');
    expect(buried).toEqual([]);
  });

  it('buries a payload that breaks the lead contract, and ends the job unrecoverable', async () => {
    await expect(service.acceptJob('job-1', { v: 1, id: 'nope' }, false)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(buried).toEqual([{ jobId: 'job-1', reason: 'lead job payload is not a v1 lead' }]);
    expect(calls).toEqual([]);
  });

  it('buries a lead Postgres refuses for its data; a passing outage is retried instead', async () => {
    persistResult = Object.assign(new Error('value too long for type character varying(200)'), { code: '22001' });
    await expect(service.acceptJob('job-2', aLeadPayload(), false)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(buried).toEqual([{ jobId: 'job-2', reason: expect.stringContaining('Postgres refused the lead: value too long') }]);

    persistResult = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    const outage = await service.acceptJob('job-3', aLeadPayload(), false).catch((e: unknown) => e);
    expect(outage).not.toBeInstanceOf(UnrecoverableError);
    expect((outage as Error).message).toBe('connection refused');
    expect(buried).toHaveLength(1);
  });
});
