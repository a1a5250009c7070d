import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLeadId, leadActionPath, t, type Lang } from '@app/contracts';
import type { SignedInStaff } from '../../data/staff-account';
import { accountOf, clientOf, readerOf } from '../access';
import { pageLang } from '../staff/staff-pages';
import { sendGoPage } from './go-page';
import { type ActionPage, type GoView, isGoAction, LeadActionService } from './lead-action.service';

const DONE = { claim: 'go.page.done.claim', contact: 'go.page.done.contact', hand: 'go.page.done.hand' } as const;

const notFound = (id: string) => new NotFoundException(`lead ${id} not found`);

/**
 * `GET /admin/leads/:id/act`: the personal link's phone action page for
 * whoever is signed in, which group messages (robots) open, since a
 * group sees them and they carry no token. Behind the login like every
 * admin page: a browser without a session is sent to
 * `/admin/login?next=` and back here. A GET shows; only a POST acts, under
 * the session and the same-site check of every admin POST. A salesperson
 * gets the leads they may see (their own and unassigned ones) and a 404
 * for the rest, as on the lead's other pages.
 */
@Controller('admin/leads')
export class LeadActController {
  constructor(private readonly actions: LeadActionService) {}

  @Get(':id/act')
  async page(
    @Param('id') id: string,
    @Query() q: Record<string, string | undefined>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const account = accountOf(req);
    const lang = pageLang(q.lang);
    const page = await this.visible(id, account);
    const action = q.done;
    const done = isGoAction(action) ? t(lang, DONE[action], { to: page.ownerName ?? '' }) : null;
    this.send(reply, lang, page, account, { done, error: null });
  }

  @Post(':id/act/:action')
  async act(
    @Param('id') id: string,
    @Param('action') action: string,
    @Query('lang') langQuery: unknown,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const account = accountOf(req);
    const lang = pageLang(langQuery);
    if (!isGoAction(action)) throw new NotFoundException(`no action ${action}`);
    await this.visible(id, account);
    const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const outcome = await this.actions.act(id, action, b, account, clientOf(req).ip);
    if (outcome.ok) {
      const back = `${leadActionPath(id)}?done=${action}${lang === 'en' ? '&lang=en' : ''}`;
      return void reply.code(303).header('cache-control', 'no-store').header('location', back).send();
    }
    // Read again: the error says who holds it now.
    const page = await this.actions.page(id, account.login, readerOf(account));
    if (!page) throw notFound(id);
    const error =
      outcome.message === 'taken'
        ? t(lang, 'go.refused.taken', { owner: page.ownerName ?? '' })
        : outcome.message === 'closed'
          ? t(lang, 'go.page.closed')
          : t(lang, 'go.refused.form');
    this.send(reply, lang, page, account, { done: null, error, status: outcome.status });
  }

  /** The lead's page for `account`, or a 404 (an unknown or erased lead, or one a salesperson may not see). */
  private async visible(id: string, account: SignedInStaff): Promise<ActionPage> {
    const page = isLeadId(id) ? await this.actions.page(id, account.login, readerOf(account)) : null;
    if (!page) throw notFound(id);
    return page;
  }

  private send(
    reply: FastifyReply,
    lang: Lang,
    page: ActionPage,
    account: SignedInStaff,
    notes: { done: string | null; error: string | null; status?: number },
  ): void {
    const path = leadActionPath(page.lead.id);
    const view: GoView = { ...page, base: path, login: account.login, name: account.displayName, form: null, personal: false };
    const me = { name: account.login, displayName: account.displayName, role: account.role };
    sendGoPage(reply, lang, view, notes, { me, path });
  }
}
