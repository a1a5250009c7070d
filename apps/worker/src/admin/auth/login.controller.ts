import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { t } from '@app/contracts';
import { AuditRepository } from '../../data/audit.repository';
import { clientOf } from '../access';
import { cookieValue, SESSION_COOKIE } from '../admin-auth.hook';
import { pageLang, sendStaffPage } from '../staff/staff-pages';
import { safeNext } from './next-path';
import { hashToken, SessionStore } from './session.store';
import { isThrottled, StaffGate } from './staff-gate.service';

function sessionCookie(req: FastifyRequest, value: string, maxAgeSeconds: number): string {
  // Secure when the client reached us over HTTPS (directly or, with
  // TRUST_PROXY, through a proxy that says so).
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/** GET/POST /admin/login and POST /admin/logout: board sessions for browsers. */
@Controller('admin')
export class LoginController {
  constructor(
    private readonly gate: StaffGate,
    private readonly sessions: SessionStore,
    private readonly audit: AuditRepository,
  ) {}

  @Get('login')
  async form(@Req() req: FastifyRequest, @Query() q: Record<string, string | undefined>, @Res() reply: FastifyReply) {
    const lang = pageLang(q.lang);
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (token && (await this.gate.resume(token))) return void reply.code(303).header('location', safeNext(q.next)).send();
    const notice = q.out ? t(lang, 'staff.login.loggedOut') : null;
    sendStaffPage(reply, 200, 'login', {
      lang,
      title: 'staff.login.title',
      next: safeNext(q.next),
      rememberDays: this.sessions.rememberDays,
      login: '',
      notice,
      error: null,
    });
  }

  @Post('login')
  async login(@Req() req: FastifyRequest, @Body() body: unknown, @Query('lang') langQuery: unknown, @Res() reply: FastifyReply) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const lang = pageLang(langQuery ?? b.lang);
    const login = typeof b.login === 'string' ? b.login.trim().slice(0, 200) : '';
    const password = typeof b.password === 'string' ? b.password : '';
    const next = safeNext(b.next);
    const client = clientOf(req);
    const answer = login && password ? await this.gate.authenticate(login, password, client, 'form') : null;
    if (answer && !isThrottled(answer)) {
      // "Remember this phone": a longer session, and a cookie that lasts as long.
      const remember = b.remember === 'on' || b.remember === true;
      const token = await this.sessions.create(answer.login, client, remember);
      const maxAge = remember ? this.sessions.rememberDays * 86400 : this.sessions.maxHours * 3600;
      reply.header('set-cookie', sessionCookie(req, token, maxAge));
      return void reply.code(303).header('cache-control', 'no-store').header('location', next).send();
    }
    const page = {
      lang,
      title: 'staff.login.title' as const,
      next,
      login,
      notice: null,
      rememberDays: this.sessions.rememberDays,
    };
    if (answer && isThrottled(answer)) {
      reply.header('retry-after', String(answer.throttled));
      const minutes = Math.ceil(answer.throttled / 60);
      return sendStaffPage(reply, 429, 'login', { ...page, error: t(lang, 'staff.login.throttled', { minutes }) });
    }
    sendStaffPage(reply, 401, 'login', { ...page, error: t(lang, 'staff.login.failed') });
  }

  @Post('logout')
  async logout(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    const account = token ? await this.gate.resume(token) : null;
    if (token) await this.sessions.end(hashToken(token));
    if (account)
      await this.audit.record({ actor: account.login, action: 'logout', subject: account.login, ip: clientOf(req).ip });
    reply
      .header('set-cookie', sessionCookie(req, '', 0))
      .header('cache-control', 'no-store')
      // Tells the browser to drop whatever it kept of the pages it saw.
      .header('clear-site-data', '"cache"')
      .code(303)
      .header('location', '/admin/login?out=1')
      .send();
  }
}
