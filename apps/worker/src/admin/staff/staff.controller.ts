import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StaffRepository, Workload } from '../../data/staff.repository';
import { TeamRepository } from '../../data/team.repository';
import { clientOf, requireRole } from '../access';
import { StaffAdminService } from './staff-admin.service';
import { parseLogin, parseNewStaff, parseStaffChange } from './staff-input';
import { StaffJson, staffJson } from './staff-json';

/** A staff member with their current open and overdue task counts. */
export type StaffWithWorkload = StaffJson & Omit<Workload, 'login'>;

export async function staffWithWorkload(staff: StaffRepository): Promise<StaffWithWorkload[]> {
  const [people, load] = await Promise.all([staff.list(), staff.workload()]);
  const byLogin = new Map(load.map((w) => [w.login, w]));
  return people.map((p) => {
    const w = byLogin.get(p.login);
    return { ...staffJson(p), open: w?.open ?? 0, inProgress: w?.inProgress ?? 0, overdue: w?.overdue ?? 0 };
  });
}

/** Staff accounts: managers read them, admins manage them; anyone may change their own password and on-duty flag. */
@Controller('admin/staff')
export class StaffController {
  constructor(
    private readonly staff: StaffRepository,
    private readonly admin: StaffAdminService,
    private readonly teams: TeamRepository,
  ) {}

  @Get()
  async list(@Req() req: FastifyRequest) {
    requireRole(req, 'manager', 'admin');
    const people = await staffWithWorkload(this.staff);
    const teams = await this.teams.teamsOf(people.map((p) => p.login));
    const items = people.map((p) => ({ ...p, teams: teams.get(p.login) ?? [] }));
    const unassigned = (await this.staff.workload()).find((w) => w.login === '');
    return {
      items,
      unassigned: { open: unassigned?.open ?? 0, inProgress: unassigned?.inProgress ?? 0, overdue: unassigned?.overdue ?? 0 },
    };
  }

  @Post()
  @HttpCode(201)
  async create(@Req() req: FastifyRequest, @Body() body: unknown): Promise<StaffJson> {
    const actor = requireRole(req, 'admin');
    return staffJson(await this.admin.create(parseNewStaff(body), actor, clientOf(req).ip));
  }

  @Patch(':login')
  async change(@Req() req: FastifyRequest, @Param('login') login: string, @Body() body: unknown) {
    const actor = requireRole(req, 'sales', 'manager', 'admin');
    const result = await this.admin.update(parseLogin(login), parseStaffChange(body), actor, clientOf(req).ip);
    return { ...result, staff: staffJson(result.staff) };
  }
}
