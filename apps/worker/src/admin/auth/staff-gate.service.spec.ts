import { hash } from 'bcryptjs';
import { fakeLogger } from '../../../../../test/unit-fakes/logger.fake';
import { InMemoryLoginFailures } from '../../../../../test/unit-fakes/login-failures.fake';
import { aMember, InMemoryStaff } from '../../../../../test/unit-fakes/staff.fake';
import { workerConfig } from '../../../../../test/unit-fakes/worker-config';
import type { AuditRepository } from '../../data/audit.repository';
import { LoginThrottle } from './login-throttle';
import type { SessionStore } from './session.store';
import { isThrottled, StaffGate } from './staff-gate.service';

describe('StaffGate', () => {
  const client = { ip: '203.0.113.5', userAgent: 'phone' };
  let staff: InMemoryStaff;
  let failures: InMemoryLoginFailures;
  let throttle: LoginThrottle;
  let audit: { actor: string | null; action: string; subject: string | null; detail?: unknown }[];
  let logger: ReturnType<typeof fakeLogger>;
  let gate: StaffGate;
  let passwordHash: string;

  beforeAll(async () => {
    // Cost 4: the gate compares with whatever cost the hash names; specs need not pay for 10.
    passwordHash = await hash('right password', 4);
  });

  beforeEach(() => {
    staff = new InMemoryStaff(aMember('li', { displayName: '李雷', role: 'manager' }), aMember('gone', { active: false }));
    staff.hashes.set('li', passwordHash);
    staff.hashes.set('gone', passwordHash);
    failures = new InMemoryLoginFailures();
    throttle = new LoginThrottle(failures.asRepository(), workerConfig({ LOGIN_MAX_FAILURES: '3' }));
    audit = [];
    logger = fakeLogger();
    const sessions = {
      resume: async (token: string) =>
        token === 'good' ? { login: 'li', displayName: '李雷', role: 'manager', tokenHash: 'h(good)' } : null,
    };
    gate = new StaffGate(
      staff.asRepository(),
      sessions as unknown as SessionStore,
      throttle,
      { record: async (e: (typeof audit)[number]) => void audit.push(e) } as unknown as AuditRepository,
      workerConfig({ ADMIN_PASSWORD: 'set' }),
      logger,
    );
  });

  it('lets the right password in, whatever case the login is typed in, and audits it', async () => {
    const account = await gate.authenticate('Li', 'right password', client, 'form');
    expect(account).toEqual({ login: 'li', displayName: '李雷', role: 'manager' });
    expect(audit).toEqual([expect.objectContaining({ actor: 'li', action: 'login.ok', detail: { via: 'form' } })]);
  });

  it('refuses a wrong password, counts the failure and never logs the password', async () => {
    expect(await gate.authenticate('li', 'guess123', client)).toBeNull();
    expect(failures.rows).toEqual([expect.objectContaining({ login: 'li', ip: client.ip })]);
    expect(audit).toEqual([expect.objectContaining({ actor: null, action: 'login.failed', subject: 'li' })]);
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain('guess123');
  });

  it('refuses an inactive or unknown account even with the right password, as a failure', async () => {
    expect(await gate.authenticate('gone', 'right password', client)).toBeNull();
    expect(await gate.authenticate('nobody', 'right password', client)).toBeNull();
    expect(failures.rows.map((r) => r.login)).toEqual(['gone', 'nobody']);
  });

  it('refuses a login with control characters without asking anyone', async () => {
    expect(await gate.authenticate('li\u0000', 'right password', client)).toBeNull();
    expect(failures.rows).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('answers throttled once the address failed too often, even with the right password', async () => {
    for (let i = 0; i < 3; i++) await gate.authenticate('li', 'wrong', client);
    const answer = await gate.authenticate('li', 'right password', client);
    expect(isThrottled(answer)).toBe(true);
    expect(answer).toEqual({ throttled: 15 * 60 });
    expect(audit.at(-1)).toMatchObject({ action: 'login.throttled', subject: 'li' });
  });

  it("clears the address's failures on success", async () => {
    await gate.authenticate('li', 'wrong', client);
    await gate.authenticate('li', 'right password', client);
    expect(failures.rows).toEqual([]);
  });

  it('remembers a verified Basic password: a repeat is not re-audited, and a password change ends that at once', async () => {
    await gate.authenticate('li', 'right password', client, 'basic');
    expect(await gate.authenticate('li', 'right password', client, 'basic')).toMatchObject({ login: 'li' });
    expect(audit.filter((a) => a.action === 'login.ok')).toHaveLength(1);
    staff.hashes.set('li', await hash('new password', 4));
    expect(await gate.authenticate('li', 'right password', client, 'basic')).toBeNull();
  });

  it('resumes a live session as its account, with the session hash', async () => {
    expect(await gate.resume('good')).toEqual({ login: 'li', displayName: '李雷', role: 'manager', session: 'h(good)' });
    expect(await gate.resume('expired')).toBeNull();
  });
});
