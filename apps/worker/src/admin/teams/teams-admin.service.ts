import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { SignedInStaff } from '../../data/staff-account';
import { AuditRepository } from '../../data/audit.repository';
import { Team, TeamChange, TeamRefusal, TeamRepository } from '../../data/team.repository';
import { NewTeam } from './team-input';

/** The refusal as the API answers it: 404 for an unknown team or login, 409 for a name in use. */
function refused(refusal: TeamRefusal, name: string): never {
  switch (refusal.kind) {
    case 'not-found':
      throw new NotFoundException({ statusCode: 404, message: `no team "${name}"` });
    case 'name-taken':
      throw new ConflictException({ statusCode: 409, message: `a team is already named "${name}"` });
    case 'unknown-logins':
      throw new NotFoundException({
        statusCode: 404,
        message: `no staff member ${refusal.logins.map((l) => `"${l}"`).join(', ')}`,
        logins: refusal.logins,
      });
  }
}

const isTeam = (r: Team | TeamRefusal): r is Team => !('kind' in r);

/** Creating and changing teams, each change in the audit log. */
@Injectable()
export class TeamsAdminService {
  constructor(
    private readonly teams: TeamRepository,
    private readonly audit: AuditRepository,
  ) {}

  list(): Promise<Team[]> {
    return this.teams.list();
  }

  async create(input: NewTeam, actor: SignedInStaff, ip: string): Promise<Team> {
    const result = await this.teams.create(input.name, input.members, actor.login);
    if (!isTeam(result)) refused(result, input.name);
    await this.audit.record({
      actor: actor.login,
      action: 'team.created',
      subject: result.name,
      ip,
      detail: { members: result.members },
    });
    return result;
  }

  async update(name: string, change: TeamChange, actor: SignedInStaff, ip: string): Promise<Team> {
    const before = await this.teams.find(name);
    if (!before) refused({ kind: 'not-found' }, name);
    const result = await this.teams.update(name, change, actor.login);
    if (!isTeam(result)) refused(result, result.kind === 'name-taken' ? change.name! : name);
    const detail: Record<string, unknown> = { fields: Object.keys(change) };
    if (change.name !== undefined && change.name !== name) Object.assign(detail, { from: name, to: change.name });
    if (change.members) {
      Object.assign(detail, {
        added: result.members.filter((l) => !before.members.includes(l)),
        removed: before.members.filter((l) => !result.members.includes(l)),
      });
    }
    await this.audit.record({ actor: actor.login, action: 'team.changed', subject: result.name, ip, detail });
    return result;
  }
}
