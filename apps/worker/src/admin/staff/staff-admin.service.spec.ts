import { HttpException } from '@nestjs/common';
import { compare } from 'bcryptjs';
import type { SignedInStaff } from '../../data/staff-account';
import { fakeLogger } from '../../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../../test/unit-fakes/staff.fake';
import type { AuditRepository } from '../../data/audit.repository';
import type { TeamRepository } from '../../data/team.repository';
import type { NotificationLedger } from '../../notify/notification-ledger.service';
import type { NotifyProducer } from '../../queue/notify-producer.service';
import type { SessionStore } from '../auth/session.store';
import { StaffAdminService } from './staff-admin.service';

const admin: SignedInStaff = { login: 'boss', displayName: 'boss', role: 'admin', session: 'boss-session' };
const manager: SignedInStaff = { login: 'mgr', displayName: 'mgr', role: 'manager' };
const IP = '198.51.100.1';

/** The code a refusal carries (what the pages turn into words). */
async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof HttpException)) throw err;
    return { status: err.getStatus(), code: (err.getResponse() as { code: string }).code };
  }
  throw new Error('expected a refusal');
}

describe('StaffAdminService', () => {
  let staff: InMemoryStaff;
  let audit: { action: string; subject: string | null; detail?: unknown }[];
  let ended: { login: string; keep: string | null }[];
  let ledgerRows: { key: unknown; taskId?: string | null; recipients: string }[];
  let jobs: { from: string; to: string; tasks: { taskId: string }[] }[];
  let service: StaffAdminService;

  beforeEach(() => {
    staff = new InMemoryStaff(
      aMember('boss', { role: 'admin' }),
      aMember('li', { displayName: '李雷' }),
      aMember('wang', { displayName: '王芳' }),
      aMember('zhao', { email: null }),
    );
    audit = [];
    ended = [];
    ledgerRows = [];
    jobs = [];
    service = new StaffAdminService(
      staff.asRepository(),
      { record: async (e: (typeof audit)[number]) => void audit.push(e) } as unknown as AuditRepository,
      { endAllOf: async (login: string, keep: string | null) => void ended.push({ login, keep }) } as unknown as SessionStore,
      { ensure: async (d: (typeof ledgerRows)[number]) => void ledgerRows.push(d) } as unknown as NotificationLedger,
      { handover: async (p: (typeof jobs)[number]) => void jobs.push(p) } as unknown as NotifyProducer,
      fakeLogger(),
      {
        teamsOf: async (logins: string[]) => new Map(logins.map((l) => [l, l === 'li' ? ['华东'] : []])),
        setTeamsOf: async () => [],
      } as unknown as TeamRepository,
    );
  });

  describe('create', () => {
    it('stores a bcrypt hash (never the password), audits it and lets the newcomer adopt tasks named after them', async () => {
      const input = { login: 'zhou', name: '周', role: 'sales' as const, email: null, mobile: null, receivesLeads: true };
      const created = await service.create({ ...input, password: 'correct horse battery' }, admin, IP);
      expect(created).toMatchObject({ login: 'zhou', role: 'sales' });
      const hash = staff.hashes.get('zhou')!;
      expect(hash).not.toContain('correct horse');
      expect(await compare('correct horse battery', hash)).toBe(true);
      expect(audit).toEqual([expect.objectContaining({ action: 'staff.created', subject: 'zhou', detail: { role: 'sales' } })]);
      expect(staff.adopted).toBe(1);
    });

    it('refuses a taken login with 409 login-taken and audits nothing', async () => {
      const input = { login: 'li', name: 'x', role: 'sales' as const, email: null, mobile: null, receivesLeads: true };
      expect(await refusal(service.create({ ...input, password: 'abcdefghijk' }, admin, IP))).toEqual({
        status: 409,
        code: 'login-taken',
      });
      expect(audit).toEqual([]);
    });
  });

  describe('update: who may change what', () => {
    it('lets anyone change their own password and on-duty flag, nothing else', async () => {
      const li: SignedInStaff = { login: 'li', displayName: 'li', role: 'sales', session: 'li-phone' };
      await service.update('li', { onDuty: false }, li, IP);
      expect(staff.members.get('li')!.onDuty).toBe(false);
      expect(await refusal(service.update('li', { role: 'admin' }, li, IP))).toEqual({ status: 403, code: 'self-service-only' });
      expect(await refusal(service.update('wang', { onDuty: false }, li, IP))).toEqual({ status: 403, code: 'admins-only' });
      expect(await refusal(service.update('wang', { onDuty: false }, manager, IP))).toEqual({ status: 403, code: 'admins-only' });
    });

    it("ends the person's other sessions when their password changes, keeping the one that changed it", async () => {
      const li: SignedInStaff = { login: 'li', displayName: 'li', role: 'sales', session: 'li-phone' };
      await service.update('li', { password: 'a new long password' }, li, IP);
      expect(ended).toEqual([{ login: 'li', keep: 'li-phone' }]);
      // An admin resetting it ends them all.
      await service.update('li', { password: 'another long password' }, admin, IP);
      expect(ended[1]).toEqual({ login: 'li', keep: null });
      expect(audit.map((a) => a.action)).toEqual(['staff.password-changed', 'staff.password-changed']);
    });

    it('audits a role change with from and to, and the other fields apart', async () => {
      await service.update('li', { role: 'manager', name: '李雷雷' }, admin, IP);
      expect(audit).toEqual([
        expect.objectContaining({ action: 'staff.role-changed', subject: 'li', detail: { from: 'sales', to: 'manager' } }),
        expect.objectContaining({ action: 'staff.changed', detail: { fields: ['role', 'name'] } }),
      ]);
    });

    it('answers 404 for an unknown login and refuses a successor unless deactivating', async () => {
      expect(await refusal(service.update('ghost', { name: 'x' }, admin, IP))).toEqual({ status: 404, code: 'not-found' });
      expect(await refusal(service.update('li', { successor: 'wang' }, admin, IP))).toEqual({
        status: 400,
        code: 'successor-not-deactivating',
      });
    });

    it('records a reactivation as its own entry', async () => {
      staff.members.get('li')!.active = false;
      await service.update('li', { active: true }, admin, IP);
      expect(audit.map((a) => a.action)).toEqual(['staff.reactivated']);
    });
  });

  describe('deactivate: the hand-over', () => {
    beforeEach(() => {
      staff.tasks.push(
        { taskId: 't1', leadId: 'l1', assignee: 'li' },
        { taskId: 't2', leadId: 'l2', assignee: 'li' },
        { taskId: 't3', leadId: 'l3', assignee: 'wang' },
      );
    });

    it("gives the leaver's tasks to the named successor, tells them once by email through the ledger, and audits it", async () => {
      const result = await service.update('li', { active: false, successor: 'wang' }, admin, IP);
      expect(result.staff.active).toBe(false);
      expect(result.handedOver).toEqual([
        { taskId: 't1', leadId: 'l1', to: 'wang' },
        { taskId: 't2', leadId: 'l2', to: 'wang' },
      ]);
      expect(result.notified).toBe(1);
      expect(ledgerRows.map((r) => [r.taskId, r.recipients])).toEqual([
        ['t1', 'wang@example.com'],
        ['t2', 'wang@example.com'],
      ]);
      expect(ledgerRows[0].key).toMatchObject({ channel: 'email', kind: 'handover', taskId: 't1' });
      expect(jobs).toEqual([
        expect.objectContaining({
          from: 'li',
          to: 'wang',
          tasks: [
            { taskId: 't1', leadId: 'l1' },
            { taskId: 't2', leadId: 'l2' },
          ],
        }),
      ]);
      // One hand-over id for the rows and the job.
      const { handoverId } = ledgerRows[0].key as { handoverId: string };
      expect((jobs[0] as unknown as { handoverId: string }).handoverId).toBe(handoverId);
      expect(audit).toEqual([
        expect.objectContaining({ action: 'staff.deactivated', subject: 'li', detail: { successor: 'wang', tasks: 2 } }),
      ]);
    });

    it('spreads the tasks over colleagues on duty without a successor, and emails only those with an address', async () => {
      staff.members.get('boss')!.receivesLeads = false;
      const result = await service.update('li', { active: false }, admin, IP);
      expect(result.handedOver.map((t) => t.to)).toEqual(['wang', 'zhao']);
      // zhao has no email: no ledger row, no job.
      expect(result.notified).toBe(1);
      expect(jobs.map((j) => j.to)).toEqual(['wang']);
      expect(ledgerRows.map((r) => r.taskId)).toEqual(['t1']);
    });

    it('refuses a successor who is inactive, unknown or the leaver', async () => {
      staff.members.get('wang')!.active = false;
      for (const successor of ['wang', 'ghost', 'li'])
        expect(await refusal(service.update('li', { active: false, successor }, admin, IP))).toEqual({
          status: 400,
          code: 'successor',
        });
      expect(staff.members.get('li')!.active).toBe(true);
    });

    it('answers 409 nobody-to-hand-over when no colleague could take the tasks', async () => {
      for (const login of ['boss', 'wang', 'zhao']) staff.members.get(login)!.onDuty = false;
      expect(await refusal(service.update('li', { active: false }, admin, IP))).toEqual({
        status: 409,
        code: 'nobody-to-hand-over',
      });
      expect(jobs).toEqual([]);
      expect(audit).toEqual([]);
    });

    it('never lets an admin deactivate themselves', async () => {
      expect(await refusal(service.update('boss', { active: false }, admin, IP))).toEqual({
        status: 400,
        code: 'deactivate-self',
      });
    });
  });
});
