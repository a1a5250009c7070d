import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectConfig, WorkerConfig } from '@app/config';
import { FormRepository } from '../../data/form.repository';
import { StaffRepository } from '../../data/staff.repository';
import { accountOf, seesAllTasks } from '../access';
import { defaultBoardAssets } from '../board/board-assets';
import { boardLang } from '../board/board-links';
import { staffMeOf, type StaffMe } from '../board/board-text';
import { renderReportsPage } from './reports-page';
import { ReportsService } from './reports.service';

/** GET /admin/reports: the page; its numbers come from GET /admin/reports/summary (ReportsController). */
@Controller('admin/reports')
export class ReportsPageController {
  private readonly assetVersion = defaultBoardAssets().version;

  constructor(
    private readonly staff: StaffRepository,
    private readonly forms: FormRepository,
    private readonly reports: ReportsService,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  @Get()
  async page(@Req() req: FastifyRequest, @Query('lang') lang: unknown, @Res() reply: FastifyReply): Promise<void> {
    const account = accountOf(req);
    const [all, forms] = await Promise.all([this.staff.list(), this.forms.list()]);
    const self = all.find((p) => p.login === account.login);
    const me: StaffMe = staffMeOf(account, self?.displayName ?? account.displayName);
    const html = renderReportsPage({
      lang: boardLang(lang),
      me,
      // Everyone who can own a lead, departed people included: their leads are in past ranges.
      staff: all.map((p) => ({ name: p.login, displayName: p.displayName })),
      assetVersion: this.assetVersion,
      ownerFilter: seesAllTasks(account),
      targetMinutes: this.config.CLAIM_WITHIN_MINUTES,
      timeZone: this.reports.timeZone,
      forms: forms.map((f) => ({ slug: f.slug, name: f.name })),
    });
    reply.code(200).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html);
  }
}
