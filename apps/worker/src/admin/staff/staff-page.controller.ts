import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BEIJING_TIME_ZONE, t } from '@app/contracts';
import { AuditRepository } from '../../data/audit.repository';
import { BusinessCalendar } from '../../data/business-calendar';
import { StaffRepository } from '../../data/staff.repository';
import { clientOf, requireRole } from '../access';
import { FieldError } from '../query-input';
import { businessTimestamp, businessZone } from '../business-time';
import { parseAuditRange } from './audit-range';
import { deactivateConfirm } from './deactivate-confirm';
import { auditActionText, auditDetailText } from './audit-view';
import { StaffAdminService } from './staff-admin.service';
import { staffErrorText } from './staff-errors';
import { parseLogin, parseNewStaff, parseStaffChange, PASSWORD_MIN } from './staff-input';
import { pageLang, sendStaffPage } from './staff-pages';
import { staffWithWorkload } from './staff.controller';

const AUDIT_PAGE_LIMIT = 500;

/**
 * The staff page (managers read, admins add, change and deactivate people
 * with plain HTML forms) and the audit page (admins). The forms post to
 * /admin/board/staff…, under the same cross-site and session checks as the API.
 */
@Controller('admin/board')
export class StaffPageController {
  constructor(
    private readonly staff: StaffRepository,
    private readonly admin: StaffAdminService,
    private readonly audit: AuditRepository,
    private readonly calendar: BusinessCalendar,
  ) {}

  /** The staff page; `?confirm=<login>&successor=` adds the question 停用并交接 asks first (nothing changes on a GET). */
  @Get('staff')
  async page(@Req() req: FastifyRequest, @Query() q: Record<string, string | undefined>, @Res() reply: FastifyReply) {
    const lang = pageLang(q.lang);
    const notice =
      q.done === 'handover'
        ? t(lang, 'staff.handedOver', { count: Number(q.count) || 0 })
        : q.done === 'reactivated'
          ? t(lang, 'staff.reactivatedDone')
          : q.done
            ? t(lang, 'staff.done')
            : null;
    const confirm = q.confirm ? { login: q.confirm, successor: q.successor || null } : null;
    await this.render(req, reply, 200, lang, notice, null, confirm);
  }

  @Post('staff')
  async add(@Req() req: FastifyRequest, @Body() body: unknown, @Query('lang') lang: unknown, @Res() reply: FastifyReply) {
    const actor = requireRole(req, 'admin');
    try {
      await this.admin.create(parseNewStaff(body), actor, clientOf(req).ip);
    } catch (err) {
      return this.renderError(req, reply, err, pageLang(lang));
    }
    reply
      .code(303)
      .header('location', `/admin/board/staff?done=added${lang === 'en' ? '&lang=en' : ''}`)
      .send();
  }

  @Post('staff/:login')
  async change(
    @Req() req: FastifyRequest,
    @Param('login') login: string,
    @Body() body: unknown,
    @Query('lang') lang: unknown,
    @Res() reply: FastifyReply,
  ) {
    const actor = requireRole(req, 'sales', 'manager', 'admin');
    const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    // Deactivating takes a confirmation: a post without it (an old page, a double click) only asks the question.
    if (form.active === 'false' && form.confirmed !== 'yes') {
      const successor = typeof form.successor === 'string' ? form.successor : '';
      const query = new URLSearchParams({ confirm: login, successor, ...(lang === 'en' ? { lang: 'en' } : {}) });
      return void reply.code(303).header('location', `/admin/board/staff?${query.toString()}#confirm-deactivate`).send();
    }
    let done: string;
    try {
      const result = await this.admin.update(parseLogin(login), parseStaffChange(body, true), actor, clientOf(req).ip);
      done = !result.staff.active
        ? `handover&count=${result.handedOver.length}`
        : form.active === 'true'
          ? 'reactivated'
          : 'saved';
    } catch (err) {
      return this.renderError(req, reply, err, pageLang(lang));
    }
    const back = actor.role === 'sales' ? '/admin' : `/admin/board/staff?done=${done}${lang === 'en' ? '&lang=en' : ''}`;
    reply.code(303).header('location', back).send();
  }

  @Get('audit')
  async auditPage(@Req() req: FastifyRequest, @Query() q: Record<string, string | undefined>, @Res() reply: FastifyReply) {
    const me = requireRole(req, 'admin');
    const lang = pageLang(q.lang);
    const zone = businessZone(this.calendar);
    const zoneText = zone === BEIJING_TIME_ZONE ? t(lang, 'staff.csv.beijingTime') : zone;
    const page = { lang, title: 'board.navAudit' as const, me, zone: zoneText, from: q.from ?? '', to: q.to ?? '' };
    let range: ReturnType<typeof parseAuditRange>;
    try {
      range = parseAuditRange(q.from, q.to, zone);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return sendStaffPage(reply, 400, 'audit', { ...page, entries: [], error: t(lang, 'staff.audit.badDate') });
    }
    const [records, people] = await Promise.all([this.audit.list(range.from, range.to, AUDIT_PAGE_LIMIT), this.staff.list()]);
    const names = new Map(people.map((p) => [p.login, p.displayName]));
    const nameOf = (login: string) => names.get(login) ?? login;
    const entries = records.map((e) => ({
      ...e,
      at: businessTimestamp(e.at, zone),
      actorName: e.actor ? nameOf(e.actor) : null,
      actionText: auditActionText(e.action, lang),
      detail: auditDetailText(e, lang, nameOf),
    }));
    sendStaffPage(reply, 200, 'audit', { ...page, entries, error: null });
  }

  private async render(
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    lang: 'zh' | 'en',
    notice: string | null,
    error: string | null,
    confirm: { login: string; successor: string | null } | null = null,
  ) {
    const me = requireRole(req, 'manager', 'admin');
    const people = await staffWithWorkload(this.staff);
    const canEdit = me.role === 'admin';
    sendStaffPage(reply, status, 'staff', {
      lang,
      title: 'staff.page.title',
      me,
      people,
      canEdit,
      confirm: canEdit && confirm ? deactivateConfirm(people, confirm.login, confirm.successor, lang) : null,
      langQuery: lang === 'en' ? '?lang=en' : '',
      passwordMin: PASSWORD_MIN,
      notice,
      error,
    });
  }

  private async renderError(req: FastifyRequest, reply: FastifyReply, err: unknown, lang: 'zh' | 'en') {
    if (!(err instanceof HttpException)) throw err;
    if (req.staff!.role === 'sales') throw err;
    await this.render(req, reply, err.getStatus(), lang, null, staffErrorText(err, lang));
  }
}
