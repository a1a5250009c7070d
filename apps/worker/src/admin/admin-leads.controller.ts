import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditRepository } from '../data/audit.repository';
import { accountOf, clientOf, readerOf, requireRole } from './access';
import { wantsHtml } from './admin-auth.hook';
import { AdminLeadsService, ResendChannel } from './admin-leads.service';
import { boardLang, leadPageHref } from './board/board-links';
import type { LeadCsvQuery } from './lead-csv-filter';
import { LeadCsvService } from './lead-csv.service';
import { hasControlCharacters } from './query-input';

const actorOf = (req: FastifyRequest) => accountOf(req).login;

const RESEND_CHANNELS: readonly ResendChannel[] = ['email', 'dingtalk', 'wecom', 'feishu', 'webhook'];

/** `channel` from the JSON body or the query string; absent = every channel. */
function parseResendChannel(body: unknown, query: unknown): ResendChannel | undefined {
  const value = (body as { channel?: unknown } | null)?.channel ?? (query as { channel?: unknown } | null)?.channel;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (RESEND_CHANNELS as readonly string[]).includes(value)) return value as ResendChannel;
  throw new BadRequestException(`channel must be one of ${RESEND_CHANNELS.join(', ')}`);
}

@Controller('admin')
export class AdminLeadsController {
  constructor(
    private readonly leads: AdminLeadsService,
    private readonly csv: LeadCsvService,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * Leads received in [from, to), of one form (its questions as columns)
   * and of one owner when asked, for Excel: UTF-8 with a BOM.
   */
  @Get('leads.csv')
  async exportCsv(@Query() query: LeadCsvQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Exports are for managers and admins: the whole customer list leaves with them.
    const actor = requireRole(req, 'manager', 'admin');
    const filter = this.csv.filterOf(query ?? {});
    const body = await this.csv.export(filter);
    await this.audit.record({
      actor: actor.login,
      action: 'leads.exported',
      ip: clientOf(req).ip,
      detail: { from: query?.from ?? null, to: query?.to ?? null, form: filter.form ?? null, owner: filter.owner ?? null },
    });
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="leads-${new Date().toISOString().slice(0, 10)}.csv"`)
      .send(body);
  }

  /**
   * The lead, its task with history, and its delivery log (404 for a lead a
   * salesperson may not read). Alerts link here: a browser (preferring HTML)
   * is sent on to the lead's page, a script gets the JSON.
   */
  @Get('leads/:id')
  async detail(
    @Param('id') id: string,
    @Query('lang') lang: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (wantsHtml(req)) {
      const page = leadPageHref(id, boardLang(lang));
      return void reply.code(303).header('cache-control', 'no-store').header('location', page).send();
    }
    await new ParseUUIDPipe().transform(id, { type: 'param', data: 'id' });
    reply.send(await this.leads.detail(id, readerOf(accountOf(req))));
  }

  @Post('leads/:id/resend')
  @HttpCode(202)
  async resend(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Body() body: unknown,
    @Query() query: unknown,
  ) {
    const channel = parseResendChannel(body, query);
    const result = await this.leads.resend(id, actorOf(req), channel, readerOf(accountOf(req)));
    await this.audit.record({
      actor: actorOf(req),
      action: 'lead.resent',
      subject: channel ? `${id} ${channel}` : id,
      ip: clientOf(req).ip,
    });
    return result;
  }

  @Delete('leads/:id')
  async erase(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest, @Body() body: unknown) {
    const actor = requireRole(req, 'admin');
    const given = (body as { reason?: unknown } | null)?.reason;
    if (given !== undefined && (typeof given !== 'string' || hasControlCharacters(given))) {
      throw new BadRequestException('reason must be text without control characters');
    }
    const reason = given ? given.slice(0, 200) : 'request';
    const result = await this.leads.erase(id, actor.login, reason);
    await this.audit.record({ actor: actor.login, action: 'lead.erased', subject: id, ip: clientOf(req).ip, detail: { reason } });
    return result;
  }
}
