import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountOf } from '../access';
import { ownersCsv } from './owners-csv';
import { type ReportQuery, ReportsService } from './reports.service';

/**
 * Speed to lead as data: GET /admin/reports/summary (JSON) and
 * /admin/reports/owners.csv. Every role may ask; a salesperson's answer
 * holds their own leads only (ReportsService).
 */
@Controller('admin/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('summary')
  summary(@Query() q: ReportQuery, @Req() req: FastifyRequest) {
    return this.reports.summary(q, accountOf(req));
  }

  @Get('owners.csv')
  async ownersCsv(@Query() q: ReportQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const summary = await this.reports.summary(q, accountOf(req));
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="owners-${summary.from}-${summary.to}.csv"`)
      .send(ownersCsv(summary.byOwner));
  }
}
