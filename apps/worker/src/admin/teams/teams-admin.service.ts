import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { SignedInStaff } from '../../data/staff-account';
import { AuditRepository } from '../../data/audit.repository';
import { Team, TeamChange, TeamRefusal, TeamRepository, TeamUpdated } from '../../data/team.repository';
import { FormsService } from '../../forms/forms.service';
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
const isUpdated = (r: TeamUpdated | TeamRefusal): r is TeamUpdated => !('kind' in r);

/**
 * Creating and changing teams, each change in the audit log. A rename
 * carries over to the forms that name the team (their next version, each
 * audited as a form change) and republishes the forms to the gateways.
 */
@Injectable()
export class TeamsAdminService {
  constructor(
    private readonly teams: TeamRepository,
    private readonly audit: AuditRepository,
    private readonly forms: FormsService,
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
    const updated = await this.teams.update(name, change, actor.login);
    if (!isUpdated(updated)) refused(updated, updated.kind === 'name-taken' ? change.name! : name);
    const { team: result, forms } = updated;
    const detail: Record<string, unknown> = { fields: Object.keys(change) };
    if (change.name !== undefined && change.name !== name) {
      Object.assign(detail, { from: name, to: change.name, forms: forms.map((f) => f.slug) });
    }
    if (change.members) {
      Object.assign(detail, {
        added: result.members.filter((l) => !before.members.includes(l)),
        removed: before.members.filter((l) => !result.members.includes(l)),
      });
    }
    await this.audit.record({ actor: actor.login, action: 'team.changed', subject: result.name, ip, detail });
    for (const form of forms) {
      const fields = [
        ...(form.team === result.name ? ['team'] : []),
        ...(form.routing.some((r) => r.team === result.name) ? ['routing'] : []),
      ];
      await this.audit.record({
        actor: actor.login,
        action: 'form.changed',
        subject: form.slug,
        ip,
        detail: { version: form.version, fields, status: form.status, team: { from: name, to: result.name } },
      });
    }
    if (forms.length > 0) await this.forms.republish();
    return result;
  }
}
