import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { clientOf, requireRole } from '../access';
import { parseNewTeam, parseTeamChange, parseTeamName } from './team-input';
import { TeamsAdminService } from './teams-admin.service';

/** Teams (the owner pools forms and routing rules name): admins manage them, managers read them, sales do not see them. */
@Controller('admin/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsAdminService) {}

  @Get()
  async list(@Req() req: FastifyRequest) {
    requireRole(req, 'manager', 'admin');
    return { items: await this.teams.list() };
  }

  @Post()
  @HttpCode(201)
  create(@Req() req: FastifyRequest, @Body() body: unknown) {
    const actor = requireRole(req, 'admin');
    return this.teams.create(parseNewTeam(body), actor, clientOf(req).ip);
  }

  @Patch(':name')
  change(@Req() req: FastifyRequest, @Param('name') name: string, @Body() body: unknown) {
    const actor = requireRole(req, 'admin');
    return this.teams.update(parseTeamName(name), parseTeamChange(body), actor, clientOf(req).ip);
  }
}
