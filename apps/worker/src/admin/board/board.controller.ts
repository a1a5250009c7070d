import { Controller, Get, Headers, NotFoundException, Param, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaffDirectory } from '@app/config';
import { isLeadId } from '@app/contracts';
import { AdminLeadsService } from '../admin-leads.service';
import type { StaffAccount } from '../admin-auth.hook';
import { ASSET_FILES, AssetName, loadBoardAssets } from './board-assets';
import { renderBoardPage } from './board-page';
import { boardLang } from './board-links';
import { LeadDetail, renderLeadNotFound, renderLeadPage } from './lead-page';

/** The pages load their own script and stylesheet and talk to this origin only. */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// The URLs carry ?v=<hash of the files>, so a long max-age would do; a short
// one plus the ETag keeps a hand-typed URL honest too.
const ASSET_CACHE = 'private, max-age=3600';

function account(req: FastifyRequest): StaffAccount {
  // The onRequest hook (admin-auth.hook.ts) sets it for every /admin request it lets through.
  if (!req.staff) throw new UnauthorizedException();
  return req.staff;
}

function sendPage(reply: FastifyReply, status: number, html: string): void {
  reply
    .code(status)
    .header('Content-Type', 'text/html; charset=utf-8')
    // Personal data: never kept by a browser or proxy cache.
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', PAGE_CSP)
    .header('X-Content-Type-Options', 'nosniff')
    .header('X-Frame-Options', 'DENY')
    .header('Referrer-Policy', 'no-referrer')
    .send(html);
}

/**
 * The staff board (GET /admin), the lead page (GET /admin/board/leads/:id)
 * and their two static files. Everything is behind the admin auth hook; the
 * pages' script calls the JSON API (/admin/me, /admin/tasks, /admin/leads/:id…)
 * with the same Basic credentials the browser already holds.
 */
@Controller('admin')
export class BoardController {
  private readonly files = loadBoardAssets();

  constructor(
    private readonly leads: AdminLeadsService,
    private readonly directory: StaffDirectory,
  ) {}

  /** Everyone a task can be assigned to (the admin account included). */
  private staff(): { name: string }[] {
    return this.directory.list().map(({ name }) => ({ name }));
  }

  @Get()
  board(@Req() req: FastifyRequest, @Query('lang') lang: unknown, @Res() reply: FastifyReply): void {
    const html = renderBoardPage({
      lang: boardLang(lang),
      me: account(req),
      staff: this.staff(),
      assetVersion: this.files.version,
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
    const assetVersion = this.files.version;
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

  @Get('assets/:file')
  asset(
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    if (!Object.hasOwn(ASSET_FILES, file)) throw new NotFoundException();
    const asset = this.files.assets[file as AssetName];
    reply.header('Cache-Control', ASSET_CACHE).header('ETag', asset.etag).header('X-Content-Type-Options', 'nosniff');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag)) {
      return void reply.code(304).send();
    }
    reply.type(asset.type).send(asset.body);
  }
}
