import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StaffRepository } from '../data/staff.repository';
import { accountOf, roleOf } from './access';

@Controller('admin/me')
export class AdminMeController {
  constructor(private readonly staff: StaffRepository) {}

  /**
   * Who is logged in, and who tasks can be assigned to. `name` is the login
   * and `role` is `admin` or `staff` (anyone else), as before accounts had
   * roles; `accountRole` is `admin`, `manager` or `sales`. `team` has what
   * the board shows (display names, who is on duty).
   */
  @Get()
  async me(@Req() req: FastifyRequest) {
    const account = accountOf(req);
    const people = await this.staff.list();
    const self = people.find((p) => p.login === account.name);
    const active = people.filter((p) => p.active);
    return {
      name: account.name,
      role: account.role,
      accountRole: roleOf(account),
      displayName: self?.name ?? account.name,
      onDuty: self?.onDuty ?? false,
      receivesLeads: self?.receivesLeads ?? false,
      staff: active.map((p) => ({ name: p.login, email: p.email })),
      team: active.map((p) => ({ login: p.login, name: p.name, role: p.role, onDuty: p.onDuty, receivesLeads: p.receivesLeads })),
    };
  }
}
