import { BadRequestException, NotFoundException } from '@nestjs/common';
import { resendJobId } from '@app/contracts';
import { channelDirectory, DINGTALK_URL } from '../../../../test/unit-fakes/channels.fixture';
import { aLead } from '../../../../test/unit-fakes/lead.fixture';
import { ledgerRig, type LedgerRig } from '../../../../test/unit-fakes/ledger.fake';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { FakeQueue } from '../../../../test/unit-fakes/queue.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import { BusinessCalendar } from '../data/business-calendar';
import type { Lead } from '../data/lead';
import type { LeadErasure } from '../maintenance/lead-erasure.service';
import type { FormRepository, LeadForm } from '../data/form.repository';
import type { CustomerLead, LeadReader, LeadRepository } from '../data/lead.repository';
import type { TaskRepository } from '../data/task.repository';
import { ChannelFanout } from '../notify/channel-fanout.service';
import { ChannelProducer } from '../queue/channel-producer.service';
import { NotifyProducer } from '../queue/notify-producer.service';
import { AdminLeadsService } from './admin-leads.service';

describe('AdminLeadsService', () => {
  let rig: LedgerRig;
  let lead: Lead;
  let owner: string | null;
  let earlier: CustomerLead[];
  let notifyQueue: FakeQueue;
  let channelQueue: FakeQueue;
  let erased: unknown[][];
  let form: LeadForm | null;

  function service(env: Record<string, string> = {}) {
    const { directory, config } = channelDirectory({ MAIL_TO: 'sales@example.com', ...env });
    rig = ledgerRig(config);
    lead = rig.notifications.addLead(aLead());
    notifyQueue = new FakeQueue('lead-notify');
    channelQueue = new FakeQueue('lead-channels');
    const leads = {
      // A salesperson reads their own and unassigned leads only.
      findById: async (id: string, reader?: LeadReader) =>
        id === lead.id && (reader === undefined || owner === null || owner === reader) ? lead : null,
      customerLeads: async () => earlier,
    };
    const tasks = {
      findByLead: async () => ({ id: 'task-1', leadId: lead.id, status: 'open', assignee: owner, firstTouchAt: null }),
      history: async () => [{ action: 'assigned' }],
    };
    return new AdminLeadsService(
      leads as unknown as LeadRepository,
      tasks as unknown as TaskRepository,
      rig.notifications.asRepository(),
      rig.ledger,
      new NotifyProducer(notifyQueue.asQueue()),
      {
        erase: async (...args: unknown[]) => (erased.push(args), args[0] === lead.id ? { erased: true, jobsRemoved: 2 } : null),
      } as unknown as LeadErasure,
      new ChannelFanout(directory, rig.notifications.asRepository(), new ChannelProducer(channelQueue.asQueue())),
      new InMemoryStaff(aMember('li', { displayName: '李雷' })).asRepository(),
      new BusinessCalendar(null, 30),
      {
        ofLead: async (id: string) => (id === lead.id ? form : null),
        find: async (slug: string) => (slug === 'default' ? { slug, name: '需求描述' } : null),
      } as unknown as FormRepository,
      config,
      fakeLogger(),
    );
  }

  beforeEach(() => {
    owner = 'li';
    earlier = [];
    erased = [];
    form = null;
  });

  it("shows the lead, its task with its owner's name and history, and whether the customer came before", async () => {
    earlier = [{ id: 'old', owner: 'wang' } as unknown as CustomerLead];
    const detail = await service().detail(lead.id);
    expect(detail).toMatchObject({
      lead: { id: lead.id },
      quarantined: false,
      task: { id: 'task-1', assigneeName: '李雷', history: [{ action: 'assigned' }] },
      customer: { returning: true, earlier },
    });
  });

  it('says when the untouched lead is due for its first touch (CLAIM_WITHIN_MINUTES after arrival), on the lead and its task', async () => {
    const detail = await service({ CLAIM_WITHIN_MINUTES: '10' }).detail(lead.id);
    const due = new Date(lead.receivedAt.getTime() + 10 * 60_000);
    expect(detail.lead).toMatchObject({ firstTouchAt: null, touchDueAt: due });
    expect(detail.task).toMatchObject({ touchDueAt: due });
    expect((await service({ CLAIM_WITHIN_MINUTES: '0' }).detail(lead.id)).lead.touchDueAt).toBeNull();
  });

  it("names a plain lead's form `default`, and gives a form lead's answers in the form's order with its labels", async () => {
    expect(await service().detail(lead.id)).toMatchObject({
      form: { slug: 'default', name: '需求描述', version: null },
      fields: [],
    });
    const s = service();
    form = {
      slug: 'quote',
      version: 2,
      name: 'Request a quote',
      fields: [
        { key: 'name' },
        { key: 'region', type: 'text', label: { zh: '地区', en: 'Region' } },
        {
          key: 'product',
          type: 'select',
          label: { zh: '产品线', en: 'Product' },
          options: [{ value: 'steel', label: { zh: '钢材', en: 'Steel' } }],
        },
      ],
      custom: { product: 'steel', region: '华东' },
    };
    const detail = await s.detail(lead.id);
    expect(detail.form).toEqual({ slug: 'quote', version: 2, name: 'Request a quote' });
    expect(detail.fields.map((f) => [f.key, f.label.zh, f.value])).toEqual([
      ['region', '地区', '华东'],
      ['product', '产品线', 'steel'],
    ]);
  });

  it('answers 404 for a lead a salesperson may not read', async () => {
    const s = service();
    await expect(s.detail(lead.id, 'wang')).rejects.toBeInstanceOf(NotFoundException);
    expect((await s.detail(lead.id, 'li')).lead.id).toBe(lead.id);
  });

  it('records an email resend to MAIL_TO and queues it; each resend is its own row and job', async () => {
    const s = service();
    const first = await s.resend(lead.id, 'boss', 'email');
    const second = await s.resend(lead.id, 'boss', 'email');
    expect(first.notifications).toEqual([
      { id: first.notificationId, channel: 'email', destination: null, recipients: 'sales@example.com' },
    ]);
    expect(second.notificationId).not.toBe(first.notificationId);
    const keys = rig.notifications.rows.map((r) => r.key);
    expect(keys).toHaveLength(2);
    expect([...notifyQueue.jobs.keys()]).toEqual(keys.map((k) => resendJobId(k.split(':')[3])));
  });

  it('resends to every robot too when no channel is named, and refuses a channel with no destination', async () => {
    const s = service({ DINGTALK_ROBOTS: DINGTALK_URL });
    const all = await s.resend(lead.id, 'boss');
    expect(all.notifications.map((n) => n.channel)).toEqual(['email', 'dingtalk']);
    expect(channelQueue.jobs.size).toBe(1);
    await expect(s.resend(lead.id, 'boss', 'wecom')).rejects.toBeInstanceOf(BadRequestException);
  });

  it('resends nothing for an erased lead', async () => {
    const s = service();
    lead.erasedAt = new Date();
    await expect(s.resend(lead.id, 'boss')).rejects.toBeInstanceOf(NotFoundException);
    expect(rig.notifications.rows).toEqual([]);
  });

  it("shows a salesperson a customer's leads only when one of them is theirs or unassigned", async () => {
    const s = service();
    earlier = [{ id: 'a', owner: 'wang' } as unknown as CustomerLead];
    await expect(s.customer({ phone: '+8613800138000', email: null }, 'li')).rejects.toBeInstanceOf(NotFoundException);
    expect(await s.customer({ phone: '+8613800138000', email: null })).toEqual(earlier);
    earlier = [...earlier, { id: 'b', owner: null } as unknown as CustomerLead];
    expect(await s.customer({ phone: '+8613800138000', email: null }, 'li')).toHaveLength(2);
  });

  it('erases a lead, or answers 404', async () => {
    const s = service();
    expect(await s.erase(lead.id, 'boss', 'PIPL')).toEqual({ erased: true, jobsRemoved: 2 });
    await expect(s.erase('missing', 'boss', 'PIPL')).rejects.toBeInstanceOf(NotFoundException);
  });
});
