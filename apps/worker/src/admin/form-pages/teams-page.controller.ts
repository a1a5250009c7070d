import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { t, type Lang } from '@app/contracts';
import { StaffRepository } from '../../data/staff.repository';
import { clientOf, requireRole } from '../access';
import { pageLang } from '../staff/staff-pages';
import { parseNewTeam, parseTeamChange, parseTeamName } from '../teams/team-input';
import { TeamsAdminService } from '../teams/teams-admin.service';
import { sendFormPage } from './form-pages';
import { teamErrorText, teamFormBody } from './team-form';

/**
 * The Teams page: managers read the teams and their members, admins create,
 * rename and change members with plain HTML forms posting here, through the
 * same service (and audit) as /admin/teams, under the admin port's cross-site
 * and session checks.
 */
@Controller('admin/board/teams')
export class TeamsPageController {
  constructor(
    private readonly teams: TeamsAdminService,
    private readonly staff: StaffRepository,
  ) {}

  @Get()
  async page(@Req() req: FastifyRequest, @Query() q: Record<string, string | undefined>, @Res() reply: FastifyReply) {
    const lang = pageLang(q.lang);
    await this.render(req, reply, 200, lang, q.done ? t(lang, 'formsAdmin.teamSaved') : null, null);
  }

  @Post()
  async create(@Req() req: FastifyRequest, @Body() body: unknown, @Query('lang') lang: unknown, @Res() reply: FastifyReply) {
    const actor = requireRole(req, 'admin');
    try {
      await this.teams.create(parseNewTeam(teamFormBody(body)), actor, clientOf(req).ip);
    } catch (err) {
      return this.render(req, reply, 400, pageLang(lang), null, teamErrorText(err, pageLang(lang)));
    }
    this.back(reply, lang);
  }

  @Post(':name')
  async change(
    @Req() req: FastifyRequest,
    @Param('name') name: string,
    @Body() body: unknown,
    @Query('lang') lang: unknown,
    @Res() reply: FastifyReply,
  ) {
    const actor = requireRole(req, 'admin');
    try {
      await this.teams.update(parseTeamName(name), parseTeamChange(teamFormBody(body)), actor, clientOf(req).ip);
    } catch (err) {
      return this.render(req, reply, 400, pageLang(lang), null, teamErrorText(err, pageLang(lang)));
    }
    this.back(reply, lang);
  }

  private back(reply: FastifyReply, lang: unknown): void {
    reply
      .code(303)
      .header('location', `/admin/board/teams?done=saved${lang === 'en' ? '&lang=en' : ''}`)
      .send();
  }

  private async render(
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    lang: Lang,
    notice: string | null,
    error: string | null,
  ): Promise<void> {
    const me = requireRole(req, 'manager', 'admin');
    const [teams, staff] = await Promise.all([this.teams.list(), this.staff.list()]);
    const names = new Map(staff.map((s) => [s.login, s.displayName]));
    const inTeams = new Set(teams.flatMap((team) => team.members));
    // Everyone who may join (active) and anyone already in a team, so saving a team never drops a member unseen.
    const people = staff.filter((s) => s.active || inTeams.has(s.login));
    sendFormPage(reply, status, 'teams', {
      lang,
      title: 'formsAdmin.teamsTitle',
      me,
      path: '/admin/board/teams',
      teams: teams.map((team) => ({ ...team, memberNames: team.members.map((l) => names.get(l) ?? l) })),
      people,
      canEdit: me.role === 'admin',
      langQuery: lang === 'en' ? '?lang=en' : '',
      notice,
      error,
    });
  }
}
