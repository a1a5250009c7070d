import { BadRequestException, Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditRepository } from '../data/audit.repository';
import { requireRole } from './access';
import { parseAuditRange } from './staff/audit-range';

const MAX_LIMIT = 5000;

/** GET /admin/audit?from=&to=&limit=: the audit log, newest first (admins). */
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  async list(@Req() req: FastifyRequest, @Query() q: Record<string, string | undefined>) {
    requireRole(req, 'admin');
    const limit = q.limit === undefined ? 1000 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new BadRequestException(`limit must be 1 to ${MAX_LIMIT}`);
    const range = parseAuditRange(q.from, q.to);
    return { items: await this.audit.list(range.from, range.to, limit) };
  }
}
