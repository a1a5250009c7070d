import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { Repository } from 'typeorm';
import { FollowUpTask } from '../database/entities/follow-up-task.entity';
import { Lead } from '../database/entities/lead.entity';
import { Notification } from '../database/entities/notification.entity';
import { LeadCsvService } from './lead-csv.service';

@Controller('admin')
export class AdminLeadsController {
  constructor(
    @InjectRepository(Lead) private readonly leads: Repository<Lead>,
    @InjectRepository(FollowUpTask) private readonly tasks: Repository<FollowUpTask>,
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly csv: LeadCsvService,
  ) {}

  /** All leads received in [from, to), for Excel: UTF-8 with a BOM. */
  @Get('leads.csv')
  async exportCsv(@Query('from') from: unknown, @Query('to') to: unknown, @Res() reply: FastifyReply): Promise<void> {
    const body = await this.csv.export(from, to);
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="leads-${new Date().toISOString().slice(0, 10)}.csv"`)
      .send(body);
  }

  /** The lead, its task and its delivery log. */
  @Get('leads/:id')
  async detail(@Param('id', new ParseUUIDPipe()) id: string) {
    const lead = await this.leads.findOne({ where: { id } });
    if (!lead) throw new NotFoundException(`lead ${id} not found`);
    const [task, notifications] = await Promise.all([
      this.tasks.findOne({ where: { leadId: id } }),
      this.notifications.find({ where: { leadId: id }, order: { createdAt: 'ASC' } }),
    ]);
    return { lead, task, notifications };
  }
}
