import { ConflictException, NotFoundException } from '@nestjs/common';
import type { AuditRepository } from '../../data/audit.repository';
import type { SignedInStaff } from '../../data/staff-account';
import type { FormRecord } from '../../data/form.repository';
import type { Team, TeamChange, TeamRefusal, TeamRepository, TeamUpdated } from '../../data/team.repository';
import type { FormsService } from '../../forms/forms.service';
import { TeamsAdminService } from './teams-admin.service';

/** A form naming a team, as the forms table holds it (only what a rename reads and writes). */
type NamingForm = Pick<FormRecord, 'slug' | 'version' | 'status' | 'team' | 'routing'>;

/**
 * The teams tables in memory, with the repository's refusals: unknown team,
 * name in use, unknown logins; a rename rewrites the forms naming the team, as
 * the repository does in its transaction.
 */
class InMemoryTeams {
  readonly teams = new Map<string, Team>();
  forms: NamingForm[] = [];
  constructor(readonly staff: Set<string>) {}

  async list(): Promise<Team[]> {
    return [...this.teams.values()];
  }

  async find(name: string): Promise<Team | null> {
    const team = this.teams.get(name);
    return team ? { ...team, members: [...team.members] } : null;
  }

  async create(name: string, members: string[], actor: string): Promise<Team | TeamRefusal> {
    if (this.teams.has(name)) return { kind: 'name-taken' };
    const unknown = members.filter((l) => !this.staff.has(l));
    if (unknown.length) return { kind: 'unknown-logins', logins: unknown };
    const at = new Date('2026-12-07T01:00:00Z');
    const team = { name, members: [...members].sort(), createdAt: at, updatedAt: at, updatedBy: actor };
    this.teams.set(name, team);
    return team;
  }

  async update(name: string, change: TeamChange, actor: string): Promise<TeamUpdated | TeamRefusal> {
    const team = this.teams.get(name);
    if (!team) return { kind: 'not-found' };
    if (change.name !== undefined && change.name !== name && this.teams.has(change.name)) return { kind: 'name-taken' };
    const unknown = (change.members ?? []).filter((l) => !this.staff.has(l));
    if (unknown.length) return { kind: 'unknown-logins', logins: unknown };
    const next = { ...team, name: change.name ?? name, members: change.members ? [...change.members].sort() : team.members };
    this.teams.delete(name);
    this.teams.set(next.name, { ...next, updatedBy: actor });
    const renamed = next.name !== name ? this.forms.filter((f) => f.team === name || f.routing.some((r) => r.team === name)) : [];
    for (const f of renamed) {
      f.version++;
      if (f.team === name) f.team = next.name;
      for (const r of f.routing) if (r.team === name) r.team = next.name;
    }
    return { team: next, forms: renamed.map((f) => ({ ...f }) as FormRecord) };
  }
}

describe('TeamsAdminService', () => {
  const admin: SignedInStaff = { login: 'boss', displayName: '王总', role: 'admin' };
  const ip = '203.0.113.9';
  let teams: InMemoryTeams;
  let audit: { actor: string | null; action: string; subject: string | null; ip?: string; detail?: unknown }[];
  let service: TeamsAdminService;
  let published: number;

  beforeEach(() => {
    teams = new InMemoryTeams(new Set(['li', 'wang', 'zhao']));
    audit = [];
    published = 0;
    service = new TeamsAdminService(
      teams as unknown as TeamRepository,
      { record: async (e: (typeof audit)[number]) => void audit.push(e) } as unknown as AuditRepository,
      { republish: async () => void published++ } as unknown as FormsService,
    );
  });

  it('creates a team and audits who made it with its members', async () => {
    const team = await service.create({ name: '华东钢材', members: ['wang', 'li'] }, admin, ip);
    expect(team.members).toEqual(['li', 'wang']);
    expect(audit).toEqual([
      { actor: 'boss', action: 'team.created', subject: '华东钢材', ip, detail: { members: ['li', 'wang'] } },
    ]);
  });

  it('answers 409 for a name in use and 404 naming unknown logins, auditing neither', async () => {
    await service.create({ name: '华东', members: [] }, admin, ip);
    audit = [];
    await expect(service.create({ name: '华东', members: [] }, admin, ip)).rejects.toBeInstanceOf(ConflictException);
    const unknown = service.create({ name: '华南', members: ['li', 'ghost'] }, admin, ip);
    await expect(unknown).rejects.toBeInstanceOf(NotFoundException);
    await expect(unknown).rejects.toMatchObject({ response: { logins: ['ghost'] } });
    expect(audit).toEqual([]);
  });

  it('audits a rename with from and to, and a member change as who was added and who removed', async () => {
    await service.create({ name: '华东', members: ['li', 'wang'] }, admin, ip);
    await service.update('华东', { name: '华东钢材', members: ['wang', 'zhao'] }, admin, ip);
    expect(audit.at(-1)).toEqual({
      actor: 'boss',
      action: 'team.changed',
      subject: '华东钢材',
      ip,
      detail: { fields: ['name', 'members'], from: '华东', to: '华东钢材', forms: [], added: ['zhao'], removed: ['li'] },
    });
    // No form named the team: nothing to publish.
    expect(published).toBe(0);
  });

  it('carries a rename over to the forms naming the team, audits each form change and republishes the forms', async () => {
    await service.create({ name: '华东', members: ['li'] }, admin, ip);
    teams.forms = [
      { slug: 'quote', version: 3, status: 'active', team: '华东', routing: [] },
      {
        slug: 'sample',
        version: 1,
        status: 'paused',
        team: null,
        routing: [
          { field: 'product', equals: '钢材', team: '华东' },
          { field: 'product', equals: '玻璃', team: '华南' },
        ],
      },
      { slug: 'other', version: 5, status: 'active', team: '华南', routing: [] },
    ];
    audit = [];
    await service.update('华东', { name: '华东钢材' }, admin, ip);
    expect(teams.forms.map((f) => [f.slug, f.version, f.team, f.routing.map((r) => r.team)])).toEqual([
      ['quote', 4, '华东钢材', []],
      ['sample', 2, null, ['华东钢材', '华南']],
      ['other', 5, '华南', []],
    ]);
    expect(audit).toEqual([
      {
        actor: 'boss',
        action: 'team.changed',
        subject: '华东钢材',
        ip,
        detail: { fields: ['name'], from: '华东', to: '华东钢材', forms: ['quote', 'sample'] },
      },
      {
        actor: 'boss',
        action: 'form.changed',
        subject: 'quote',
        ip,
        detail: { version: 4, fields: ['team'], status: 'active', team: { from: '华东', to: '华东钢材' } },
      },
      {
        actor: 'boss',
        action: 'form.changed',
        subject: 'sample',
        ip,
        detail: { version: 2, fields: ['routing'], status: 'paused', team: { from: '华东', to: '华东钢材' } },
      },
    ]);
    expect(published).toBe(1);
    // A member change alone rewrites no form.
    await service.update('华东钢材', { members: ['li', 'wang'] }, admin, ip);
    expect(published).toBe(1);
  });

  it('answers 404 for an unknown team and 409 when renaming onto another team, naming the wanted name', async () => {
    await expect(service.update('nobody', { members: [] }, admin, ip)).rejects.toBeInstanceOf(NotFoundException);
    await service.create({ name: '华东', members: [] }, admin, ip);
    await service.create({ name: '华南', members: [] }, admin, ip);
    const clash = service.update('华南', { name: '华东' }, admin, ip);
    await expect(clash).rejects.toMatchObject({ response: { message: 'a team is already named "华东"' } });
    expect(audit.filter((a) => a.action === 'team.changed')).toEqual([]);
  });
});
