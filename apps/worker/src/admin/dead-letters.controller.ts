import { Controller, Get, HttpCode, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { beijingMinutes } from '@app/contracts';
import { clientOf, requireRole } from './access';
import { DeadLettersService } from './dead-letters.service';
import { pageLang, sendStaffPage } from './staff/staff-pages';

const PAGE = '/admin/board/dead-letters';

/**
 * Accepted leads the worker could not store (admins and managers): the JSON
 * list and its two actions, and the page with the same actions as forms.
 */
@Controller('admin')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get('dead-letters')
  async list(@Req() req: FastifyRequest) {
    requireRole(req, 'admin', 'manager');
    return { deadLetters: await this.deadLetters.list() };
  }

  @Post('dead-letters/:id/store')
  @HttpCode(202)
  store(@Req() req: FastifyRequest, @Param('id') id: string, @Query('lang') lang: unknown) {
    const actor = requireRole(req, 'admin', 'manager');
    return this.deadLetters.store(id, actor.login, clientOf(req).ip, pageLang(lang));
  }

  @Post('dead-letters/:id/dismiss')
  @HttpCode(200)
  dismiss(@Req() req: FastifyRequest, @Param('id') id: string, @Query('lang') lang: unknown) {
    const actor = requireRole(req, 'admin', 'manager');
    return this.deadLetters.dismiss(id, actor.login, clientOf(req).ip, pageLang(lang));
  }

  @Get('board/dead-letters')
  async page(@Req() req: FastifyRequest, @Query() q: Record<string, string | undefined>, @Res() reply: FastifyReply) {
    await this.render(req, reply, pageLang(q.lang), null);
  }

  @Post('board/dead-letters/:id/:action')
  async act(
    @Req() req: FastifyRequest,
    @Param('id') id: string,
    @Param('action') action: string,
    @Query('lang') lang: unknown,
    @Res() reply: FastifyReply,
  ) {
    const actor = requireRole(req, 'admin', 'manager');
    const l = pageLang(lang);
    try {
      if (action === 'store') await this.deadLetters.store(id, actor.login, clientOf(req).ip, l);
      else if (action === 'dismiss') await this.deadLetters.dismiss(id, actor.login, clientOf(req).ip, l);
      else return reply.code(404).send();
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const body = err.getResponse() as { message?: string };
      return this.render(req, reply, l, typeof body === 'object' && body.message ? body.message : err.message, err.getStatus());
    }
    reply
      .code(303)
      .header('location', `${PAGE}${l === 'en' ? '?lang=en' : ''}`)
      .send();
  }

  private async render(req: FastifyRequest, reply: FastifyReply, lang: 'zh' | 'en', error: string | null, status = 200) {
    const me = requireRole(req, 'admin', 'manager');
    const time = beijingMinutes(lang === 'zh' ? 'zh-CN' : 'en-GB');
    const items = (await this.deadLetters.list()).map((d) => ({
      ...d,
      createdText: time.format(d.createdAt),
      resolvedText: d.resolvedAt ? time.format(d.resolvedAt) : null,
    }));
    sendStaffPage(reply, status, 'dead-letters', {
      lang,
      title: 'deadLetter.page.title',
      me,
      items,
      error,
      langQuery: lang === 'en' ? '?lang=en' : '',
    });
  }
}
