import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectConfig, WorkerConfig } from '@app/config';
import { isLeadId } from '@app/contracts';
import { FormRepository } from '../../data/form.repository';
import { StaffRepository } from '../../data/staff.repository';
import { ChannelHealth } from '../../notify/channel-health.service';
import { accountOf, readerOf } from '../access';
import { AdminLeadsService } from '../admin-leads.service';
import { DeadLettersService } from '../dead-letters.service';
import { defaultBoardAssets } from './board-assets';
import { renderBoardPage } from './board-page';
import { boardLang, defaultTabFor } from './board-links';
import { staffMeOf, type StaffMe, type StaffMember } from './board-text';
import { LeadDetail, renderLeadNotFound, renderLeadPage } from './lead-page';
import { sendShellPage } from '../shell/page-shell';

/** A destination failing this long gets the board's red banner. */
const FAILING_BANNER_MINUTES = 10;

/**
 * The staff board (GET /admin) and the lead page (GET /admin/board/leads/:id);
 * their script and stylesheet are served by @fastify/static (board-assets.ts).
 * Everything is behind the admin auth hook; the pages' script calls the JSON
 * API (/admin/me, /admin/tasks, /admin/staff, /admin/leads/:id…) with the
 * page's own session (or the Basic credentials a script sends). Security
 * headers (CSP, framing, referrer) come from helmet (security-headers.ts).
 */
@Controller('admin')
export class BoardController {
  private readonly assetVersion = defaultBoardAssets().version;

  constructor(
    private readonly leads: AdminLeadsService,
    private readonly staff: StaffRepository,
    private readonly channels: ChannelHealth,
    private readonly deadLetters: DeadLettersService,
    private readonly forms: FormRepository,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  /** Who is signed in, and every active account a task can go to (what GET /admin/me's team lists). */
  private async people(req: FastifyRequest): Promise<{ me: StaffMe; team: StaffMember[] }> {
    const account = accountOf(req);
    const all = await this.staff.list();
    const self = all.find((p) => p.login === account.login);
    const me: StaffMe = {
      ...staffMeOf(account, self?.displayName ?? account.displayName),
      ...(self ? { onDuty: self.onDuty, receivesLeads: self.receivesLeads } : {}),
    };
    const team = all.filter((p) => p.active).map((p) => ({ name: p.login, displayName: p.displayName }));
    return { me, team };
  }

  @Get()
  async board(@Req() req: FastifyRequest, @Query('lang') lang: unknown, @Res() reply: FastifyReply): Promise<void> {
    const role = accountOf(req).role;
    const [failing, { me, team }, deadLetters, forms] = await Promise.all([
      this.channels.failing(FAILING_BANNER_MINUTES),
      this.people(req),
      role === 'sales' ? 0 : this.deadLetters.countOpen(),
      this.forms.list(),
    ]);
    const html = renderBoardPage({
      lang: boardLang(lang),
      me,
      staff: team,
      assetVersion: this.assetVersion,
      failing: failing.map((d) => ({ channel: d.channel, label: d.label, error: d.lastError ?? '' })),
      failingMinutes: FAILING_BANNER_MINUTES,
      deadLetters,
      defaultTab: defaultTabFor(role, this.config.ASSIGNMENT === 'round-robin'),
      forms: forms.map((f) => ({ slug: f.slug, name: f.name })),
    });
    sendShellPage(reply, 200, html);
  }

  @Get('board/leads/:id')
  async lead(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Query('lang') lang: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { me, team } = await this.people(req);
    const l = boardLang(lang);
    const assetVersion = this.assetVersion;
    if (!isLeadId(id)) return sendShellPage(reply, 404, renderLeadNotFound({ lang: l, me, id, assetVersion }));
    let detail: LeadDetail;
    try {
      detail = await this.leads.detail(id, readerOf(accountOf(req)));
    } catch (err) {
      if (err instanceof NotFoundException)
        return sendShellPage(reply, 404, renderLeadNotFound({ lang: l, me, id, assetVersion }));
      throw err;
    }
    sendShellPage(reply, 200, renderLeadPage({ lang: l, me, staff: team, detail, assetVersion }));
  }
}
