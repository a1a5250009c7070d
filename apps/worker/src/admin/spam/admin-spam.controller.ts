import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditRepository } from '../../data/audit.repository';
import { SpamRepository } from '../../data/spam.repository';
import { clientOf, requireRole } from '../access';
import { AdminSpamService } from './admin-spam.service';
import { parseBlockRequest } from './blocklist-input';

/** The spam quarantine for managers and admins: list, verdicts, blocklist; every change audited. */
@Controller('admin')
export class AdminSpamController {
  constructor(
    private readonly spam: AdminSpamService,
    private readonly blocklist: SpamRepository,
    private readonly audit: AuditRepository,
  ) {}

  @Get('spam')
  async list(@Req() req: FastifyRequest) {
    requireRole(req, 'manager', 'admin');
    return { leads: await this.spam.list() };
  }

  @Post('leads/:id/not-spam')
  @HttpCode(200)
  async notSpam(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
    const actor = requireRole(req, 'manager', 'admin');
    const result = await this.spam.release(id, actor.login);
    await this.audit.record({
      actor: actor.login,
      action: 'lead.not-spam',
      subject: id,
      ip: clientOf(req).ip,
      detail: { released: result.released },
    });
    return result;
  }

  @Post('leads/:id/spam')
  @HttpCode(200)
  async markSpam(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
    const actor = requireRole(req, 'manager', 'admin');
    const result = await this.spam.markSpam(id, actor.login);
    await this.audit.record({ actor: actor.login, action: 'lead.spam', subject: id, ip: clientOf(req).ip });
    return result;
  }

  @Post('blocklist')
  @HttpCode(201)
  async block(@Body() body: unknown, @Req() req: FastifyRequest) {
    const actor = requireRole(req, 'manager', 'admin');
    const request = parseBlockRequest(body);
    if (typeof request === 'string') throw new BadRequestException(request);
    const until = await this.blocklist.block(request.kind, request.value, request.days, actor.login);
    // The audit keeps which kind and for how long, not the contact itself.
    await this.audit.record({
      actor: actor.login,
      action: 'contact.blocked',
      subject: request.kind,
      ip: clientOf(req).ip,
      detail: { days: request.days },
    });
    return { kind: request.kind, until };
  }
}
