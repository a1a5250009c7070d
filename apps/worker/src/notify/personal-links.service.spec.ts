import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import { workerConfig } from '../../../../test/unit-fakes/worker-config';
import type { LinkSecretRepository } from '../data/link-secret.repository';
import { PersonalLinks } from './personal-links.service';

const LEAD = '0190d6a4-7c3e-7b1a-9f3e-2d4c5b6a7e8f';
const OTHER_LEAD = '0190d6a4-7c3e-7b1a-9f3e-2d4c5b6a7e90';
const NOW = new Date('2026-03-02T02:00:00Z');

describe('PersonalLinks', () => {
  let staff: InMemoryStaff;
  let sharedReads: number;
  let sharedFails: number;
  let links: PersonalLinks;

  function build(env: Record<string, string> = {}) {
    links = new PersonalLinks(
      {
        shared: async () => {
          sharedReads++;
          if (sharedFails-- > 0) throw new Error('Postgres away');
          return 'shared-secret-from-postgres';
        },
      } as unknown as LinkSecretRepository,
      staff.asRepository(),
      workerConfig({ PUBLIC_ADMIN_URL: 'https://admin.example.com', LINK_TTL_HOURS: '24', ...env }),
    );
  }

  const tokenOf = (url: string) => url.split('/admin/go/')[1];

  beforeEach(() => {
    staff = new InMemoryStaff(aMember('li', { displayName: '李雷' }), aMember('gone', { active: false }));
    staff.hashes.set('li', '$2a$10$hash-of-li');
    staff.hashes.set('gone', '$2a$10$hash-of-gone');
    sharedReads = 0;
    sharedFails = 0;
    build();
  });

  it("makes a link that acts as its login on its lead, with the account's name and role", async () => {
    const url = (await links.linkFor(LEAD, 'li', NOW))!;
    expect(url).toMatch(/^https:\/\/admin\.example\.com\/admin\/go\/[A-Za-z0-9_-]+$/);
    const verdict = await links.check(tokenOf(url), LEAD, NOW);
    expect(verdict).toMatchObject({ kind: 'ok', name: '李雷', role: 'sales', claims: { leadId: LEAD, login: 'li' } });
    // The page's own lead when none is named.
    expect((await links.check(tokenOf(url), null, NOW)).kind).toBe('ok');
  });

  it('makes no link for an inactive or unknown account', async () => {
    expect(await links.linkFor(LEAD, 'gone', NOW)).toBeNull();
    expect(await links.linkFor(LEAD, 'nobody', NOW)).toBeNull();
  });

  it('refuses the link on another lead, after LINK_TTL_HOURS, once the password changed or the account left', async () => {
    const token = tokenOf((await links.linkFor(LEAD, 'li', NOW))!);
    expect((await links.check(token, OTHER_LEAD, NOW)).kind).toBe('other-lead');
    expect((await links.check(token, LEAD, new Date(NOW.getTime() + 24 * 3600_000 + 1000))).kind).toBe('expired');
    staff.hashes.set('li', '$2a$10$a-new-password');
    expect((await links.check(token, LEAD, NOW)).kind).toBe('revoked');
    const fresh = tokenOf((await links.linkFor(LEAD, 'li', NOW))!);
    staff.members.get('li')!.active = false;
    expect((await links.check(fresh, LEAD, NOW)).kind).toBe('revoked');
  });

  it('calls a damaged or forged token invalid', async () => {
    const token = tokenOf((await links.linkFor(LEAD, 'li', NOW))!);
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    expect((await links.check(flipped, LEAD, NOW)).kind).toBe('invalid');
    expect((await links.check('not a token!', LEAD, NOW)).kind).toBe('invalid');
  });

  it('uses LINK_SECRET when set, so a link from one deployment secret is invalid under another', async () => {
    build({ LINK_SECRET: 'a-configured-secret-of-enough-length' });
    const token = tokenOf((await links.linkFor(LEAD, 'li', NOW))!);
    expect(sharedReads).toBe(0);
    build();
    expect((await links.check(token, LEAD, NOW)).kind).toBe('invalid');
  });

  it('reads the shared secret once per process, and again after a failed read', async () => {
    sharedFails = 1;
    await expect(links.linkFor(LEAD, 'li', NOW)).rejects.toThrow('Postgres away');
    await links.linkFor(LEAD, 'li', NOW);
    await links.linkFor(LEAD, 'li', NOW);
    expect(sharedReads).toBe(2);
  });

  it('accepts a form token only from a page of the same link', async () => {
    const token = tokenOf((await links.linkFor(LEAD, 'li', NOW))!);
    const other = tokenOf((await links.linkFor(OTHER_LEAD, 'li', NOW))!);
    const form = await links.formFor(token, NOW);
    expect(await links.formOk(token, form, NOW)).toBe(true);
    expect(await links.formOk(other, form, NOW)).toBe(false);
    expect(await links.formOk(token, 'forged', NOW)).toBe(false);
  });
});
