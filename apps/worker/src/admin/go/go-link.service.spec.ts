import { ConflictException, ForbiddenException } from '@nestjs/common';
import { aLead } from '../../../../../test/unit-fakes/lead.fixture';
import { aMember, InMemoryStaff } from '../../../../../test/unit-fakes/staff.fake';
import type { FollowUpTask } from '../../data/follow-up-task';
import type { AuditRepository } from '../../data/audit.repository';
import type { LeadRepository } from '../../data/lead.repository';
import type { LinkVerdict, PersonalLinks } from '../../notify/personal-links.service';
import type { TaskRepository } from '../../data/task.repository';
import type { AdminTasksService } from '../admin-tasks.service';
import type { LeadContactsService } from '../lead-contacts.service';
import { GoLinkService } from './go-link.service';
import { LeadActionService } from './lead-action.service';

const client = { ip: '203.0.113.8', userAgent: 'WeChat' };

describe('GoLinkService', () => {
  const lead = aLead();
  const claims = { leadId: lead.id, login: 'li', expiresAt: new Date('2030-01-01'), credential: 'c' };
  const ok: LinkVerdict & { kind: 'ok' } = { kind: 'ok', claims, name: '李雷', role: 'sales' };
  let verdict: LinkVerdict;
  let task: FollowUpTask | null;
  let audit: { actor: string | null; action: string; subject: string | null; detail: Record<string, unknown> }[];
  let changes: { taskId: string; change: unknown; actor: string }[];
  let contacts: { leadId: string; input: unknown; by: string }[];
  let changeError: Error | null;
  let staff: InMemoryStaff;
  let service: GoLinkService;

  beforeEach(() => {
    verdict = ok;
    task = { id: 'task-1', leadId: lead.id, assignee: 'li', status: 'open' } as FollowUpTask;
    audit = [];
    changes = [];
    contacts = [];
    changeError = null;
    staff = new InMemoryStaff(
      aMember('li', { displayName: '李雷' }),
      aMember('wang', { displayName: '王芳' }),
      aMember('off', { onDuty: false }),
      aMember('left', { active: false }),
    );
    service = new GoLinkService(
      {
        check: async () => verdict,
        formFor: async (token: string) => `form-of-${token}`,
        formOk: async (token: string, v: unknown) => v === `form-of-${token}`,
      } as unknown as PersonalLinks,
      new LeadActionService(
        { findById: async (id: string) => (id === lead.id ? lead : null) } as unknown as LeadRepository,
        { findByLead: async () => task } as unknown as TaskRepository,
        staff.asRepository(),
        {
          change: async (taskId: string, change: unknown, actor: { login: string }) => {
            if (changeError) throw changeError;
            changes.push({ taskId, change, actor: actor.login });
          },
        } as unknown as AdminTasksService,
        {
          record: async (leadId: string, input: unknown, by: { login: string }) =>
            void contacts.push({ leadId, input, by: by.login }),
        } as unknown as LeadContactsService,
      ),
      { record: async (e: (typeof audit)[number]) => void audit.push(e) } as unknown as AuditRepository,
    );
  });

  describe('open', () => {
    it('lets a good link through without writing anything', async () => {
      expect(await service.open('tok', null, client, 'page')).toBe(ok);
      expect(audit).toEqual([]);
    });

    it.each([
      [{ kind: 'expired', leadId: 'link-lead' } as LinkVerdict, { status: 410, reason: 'expired', leadId: 'link-lead' }],
      [{ kind: 'invalid' } as LinkVerdict, { status: 403, reason: 'invalid' }],
      [{ kind: 'revoked', claims } as LinkVerdict, { status: 403, reason: 'revoked' }],
      [{ kind: 'other-lead', claims } as LinkVerdict, { status: 403, reason: 'scope' }],
    ])('refuses %j as %j, audited with the client', async (refused, answer) => {
      verdict = refused;
      expect(await service.open('tok', 'some-lead', client, 'claim')).toEqual(answer);
      expect(audit).toEqual([
        {
          actor: 'claims' in refused ? 'li' : null,
          action: 'link.refused',
          subject: 'some-lead',
          ip: client.ip,
          detail: { use: 'claim', reason: answer.reason, userAgent: 'WeChat' },
        },
      ]);
    });
  });

  describe('view', () => {
    it('shows the lead, its owner by name and the colleagues it could go to (on duty, active, not oneself)', async () => {
      task = { ...task!, assignee: 'wang' } as FollowUpTask;
      const view = await service.view('tok', ok, client);
      expect(view).toMatchObject({
        login: 'li',
        name: '李雷',
        lead,
        ownerName: '王芳',
        form: 'form-of-tok',
        base: '/admin/go/tok',
        personal: true,
      });
      expect(view!.colleagues).toEqual([{ login: 'wang', name: '王芳' }]);
      expect(audit.map((a) => a.action)).toEqual(['link.opened']);
      expect(changes).toEqual([]);
    });

    it('shows nothing for an erased lead', async () => {
      verdict = { ...ok, claims: { ...claims, leadId: 'erased' } };
      expect(await service.view('tok', verdict as typeof ok, client)).toBeNull();
    });
  });

  describe('act', () => {
    it("claims the task as the link's login", async () => {
      expect(await service.act(ok, 'claim', {}, client)).toEqual({ ok: true });
      expect(changes).toEqual([{ taskId: 'task-1', change: { status: 'in_progress', assignee: 'li' }, actor: 'li' }]);
      expect(audit).toEqual([
        expect.objectContaining({ action: 'link.used', actor: 'li', detail: { action: 'claim', userAgent: 'WeChat' } }),
      ]);
    });

    it('logs a contact attempt with a known result and a trimmed note; anything else is a form error', async () => {
      expect(await service.act(ok, 'contact', { result: 'reached', note: `  约了  ${'x'.repeat(2000)}` }, client)).toEqual({
        ok: true,
      });
      expect(contacts[0]).toMatchObject({ leadId: lead.id, by: 'li', input: { result: 'reached' } });
      expect((contacts[0].input as { note: string }).note).toHaveLength(1000);
      expect(await service.act(ok, 'contact', { result: 'hacked' }, client)).toEqual({ ok: false, status: 400, message: 'form' });
      expect(contacts).toHaveLength(1);
    });

    it('hands the task only to a colleague on duty', async () => {
      expect(await service.act(ok, 'hand', { to: 'wang' }, client)).toEqual({ ok: true });
      expect(changes).toEqual([{ taskId: 'task-1', change: { assignee: 'wang' }, actor: 'li' }]);
      expect(audit[0].detail).toEqual({ action: 'hand', to: 'wang', userAgent: 'WeChat' });
      for (const to of ['off', 'left', 'li', 'nobody', 42])
        expect(await service.act(ok, 'hand', { to }, client)).toEqual({ ok: false, status: 400, message: 'form' });
      expect(changes).toHaveLength(1);
    });

    it('answers "taken" when someone else owns it now, "closed" when it is done or gone', async () => {
      changeError = new ForbiddenException();
      expect(await service.act(ok, 'claim', {}, client)).toEqual({ ok: false, status: 403, message: 'taken' });
      changeError = new ConflictException();
      expect(await service.act(ok, 'claim', {}, client)).toEqual({ ok: false, status: 409, message: 'closed' });
      changeError = null;
      task = null;
      expect(await service.act(ok, 'claim', {}, client)).toEqual({ ok: false, status: 409, message: 'closed' });
      expect(audit).toEqual([]);
    });

    it('lets other errors through (a 500, not a wrong answer)', async () => {
      changeError = new Error('connection lost');
      await expect(service.act(ok, 'claim', {}, client)).rejects.toThrow('connection lost');
    });
  });
});
