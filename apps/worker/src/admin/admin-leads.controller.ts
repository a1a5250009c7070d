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
import { AdminLeadsService, ResendChannel } from './admin-leads.service';
import { LeadCsvService } from './lead-csv.service';

const actorOf = (req: FastifyRequest) => req.staff?.name ?? 'unknown';

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
  ) {}

  /** All leads received in [from, to), for Excel: UTF-8 with a BOM. */
  @Get('leads.csv')
  exportCsv(@Query('from') from: unknown, @Query('to') to: unknown, @Res() reply: FastifyReply): void {
    const body = this.csv.export(from, to);
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="leads-${new Date().toISOString().slice(0, 10)}.csv"`)
      .send(body);
  }

  /** The lead, its task with history, and its delivery log. */
  @Get('leads/:id')
  detail(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.leads.detail(id);
  }

  @Post('leads/:id/resend')
  @HttpCode(202)
  resend(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Body() body: unknown,
    @Query() query: unknown,
  ) {
    return this.leads.resend(id, actorOf(req), parseResendChannel(body, query));
  }

  @Delete('leads/:id')
  erase(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest, @Body() body: unknown) {
    const reason =
      typeof (body as { reason?: unknown })?.reason === 'string'
        ? String((body as { reason: string }).reason).slice(0, 200)
        : 'request';
    return this.leads.erase(id, actorOf(req), reason);
  }
}
