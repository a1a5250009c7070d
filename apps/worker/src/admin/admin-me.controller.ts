import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StaffRepository } from '../data/staff.repository';
import { accountOf } from './access';
import { staffMeOf } from './board/board-text';

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
    const self = people.find((p) => p.login === account.login);
    const active = people.filter((p) => p.active);
    return {
      ...staffMeOf(account, self?.displayName ?? account.login),
      onDuty: self?.onDuty ?? false,
      receivesLeads: self?.receivesLeads ?? false,
      staff: active.map((p) => ({ name: p.login, email: p.email })),
      team: active.map((p) => ({
        login: p.login,
        name: p.displayName,
        role: p.role,
        onDuty: p.onDuty,
        receivesLeads: p.receivesLeads,
      })),
    };
  }
}
