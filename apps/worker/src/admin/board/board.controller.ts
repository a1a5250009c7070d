import { Controller, Get, NotFoundException, Param, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaffDirectory } from '@app/config';
import { isLeadId } from '@app/contracts';
import { ChannelHealth } from '../../notify/channel-health.service';
import { AdminLeadsService } from '../admin-leads.service';
import type { StaffAccount } from '../admin-auth.hook';
import { defaultBoardAssets } from './board-assets';
import { renderBoardPage } from './board-page';
import { boardLang } from './board-links';
import { LeadDetail, renderLeadNotFound, renderLeadPage } from './lead-page';

/** A destination failing this long gets the board's red banner. */
const FAILING_BANNER_MINUTES = 10;

function account(req: FastifyRequest): StaffAccount {
  // The onRequest hook (admin-auth.hook.ts) sets it for every /admin request it lets through.
  if (!req.staff) throw new UnauthorizedException();
  return req.staff;
}

/** Security headers (CSP, framing, referrer) come from helmet (security-headers.ts). */
function sendPage(reply: FastifyReply, status: number, html: string): void {
  reply
    .code(status)
    .header('Content-Type', 'text/html; charset=utf-8')
    // Personal data: never kept by a browser or proxy cache.
    .header('Cache-Control', 'no-store')
    .send(html);
}

/**
 * The staff board (GET /admin) and the lead page (GET /admin/board/leads/:id);
 * their script and stylesheet are served by @fastify/static (board-assets.ts).
 * Everything is behind the admin auth hook; the pages' script calls the JSON API (/admin/me, /admin/tasks, /admin/leads/:id…)
 * with the same Basic credentials the browser already holds.
 */
@Controller('admin')
export class BoardController {
  private readonly assetVersion = defaultBoardAssets().version;

  constructor(
    private readonly leads: AdminLeadsService,
    private readonly directory: StaffDirectory,
    private readonly channels: ChannelHealth,
  ) {}

  /** Everyone a task can be assigned to (the admin account included). */
  private staff(): { name: string }[] {
    return this.directory.list().map(({ name }) => ({ name }));
  }

  @Get()
  async board(@Req() req: FastifyRequest, @Query('lang') lang: unknown, @Res() reply: FastifyReply): Promise<void> {
    const failing = await this.channels.failing(FAILING_BANNER_MINUTES);
    const html = renderBoardPage({
      lang: boardLang(lang),
      me: account(req),
      staff: this.staff(),
      assetVersion: this.assetVersion,
      failing: failing.map((d) => ({ channel: d.channel, label: d.label, error: d.lastError ?? '' })),
      failingMinutes: FAILING_BANNER_MINUTES,
    });
    sendPage(reply, 200, html);
  }

  @Get('board/leads/:id')
  async lead(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Query('lang') lang: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const me = account(req);
    const l = boardLang(lang);
    const assetVersion = this.assetVersion;
    if (!isLeadId(id)) return sendPage(reply, 404, renderLeadNotFound({ lang: l, me, id, assetVersion }));
    let detail: LeadDetail;
    try {
      detail = await this.leads.detail(id);
    } catch (err) {
      if (err instanceof NotFoundException) return sendPage(reply, 404, renderLeadNotFound({ lang: l, me, id, assetVersion }));
      throw err;
    }
    sendPage(reply, 200, renderLeadPage({ lang: l, me, staff: this.staff(), detail, assetVersion }));
  }
}
