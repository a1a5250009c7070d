import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StaffDirectory } from '@app/config';

@Controller('admin/me')
export class AdminMeController {
  constructor(private readonly staff: StaffDirectory) {}

  /** Who is logged in, and who tasks can be assigned to. */
  @Get()
  me(@Req() req: FastifyRequest) {
    return { name: req.staff?.name, role: req.staff?.role, staff: this.staff.list().map(({ name, email }) => ({ name, email })) };
  }
}
