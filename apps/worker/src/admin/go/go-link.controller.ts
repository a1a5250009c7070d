import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLeadId, t } from '@app/contracts';
import { clientOf } from '../access';
import { pageLang } from '../staff/staff-pages';
import { GO_ACTIONS, GoAction, GoLinkService, type GoRefusal } from './go-link.service';
import { sendGoPage, sendGoRefusal } from './go-page';

// No lead has this id: a malformed lead in a request is another lead than the link's.
const NO_LEAD = '00000000-0000-4000-8000-000000000000';

/** An expired link still names its lead: its page's login leads to that lead's action page. */
const refusedLead = (refusal: GoRefusal): string | null => ('leadId' in refusal ? refusal.leadId : null);

const DONE = { claim: 'go.page.done.claim', contact: 'go.page.done.contact', hand: 'go.page.done.hand' } as const;

/**
 * `GET /admin/go/<token>`: the one-tap page of a personal link, reached
 * without a login (the token is the credential; the auth hook lets only
 * this path through). A GET shows; only a POST with the page's form token
 * acts. Anything else under the link is refused.
 */
@Controller('admin/go')
export class GoLinkController {
  constructor(private readonly go: GoLinkService) {}

  @Get(':token')
  async page(
    @Param('token') token: string,
    @Query() q: Record<string, string | undefined>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const lang = pageLang(q.lang);
    const client = clientOf(req);
    // `?lead=` names the lead the page is meant for: only the link's own is shown.
    const lead = q.lead === undefined ? null : isLeadId(q.lead) ? q.lead : NO_LEAD;
    const verdict = await this.go.open(token, lead, client, 'open');
    if ('status' in verdict) return sendGoRefusal(reply, lang, verdict, refusedLead(verdict));
    const view = await this.go.view(token, verdict, client);
    if (!view) return sendGoRefusal(reply, lang, { status: 404, reason: 'gone' }, null);
    const done = q.done && q.done in DONE ? t(lang, DONE[q.done as GoAction], { to: view.ownerName ?? '' }) : null;
    sendGoPage(reply, lang, view, { done, error: null });
  }

  /** Nothing else lives under a link: the token opens its action page only. */
  @Get(':token/:rest')
  async elsewhere(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const verdict = await this.go.open(token, null, clientOf(req), 'elsewhere');
    const refusal = 'status' in verdict && verdict.status === 410 ? verdict : ({ status: 403, reason: 'scope' } as const);
    sendGoRefusal(reply, 'zh', refusal, refusedLead(refusal));
  }

  @Post(':token/:action')
  async act(
    @Param('token') token: string,
    @Param('action') action: string,
    @Query('lang') langQuery: unknown,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const lang = pageLang(langQuery);
    const client = clientOf(req);
    const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    if (!(GO_ACTIONS as readonly string[]).includes(action)) {
      return sendGoRefusal(reply, lang, { status: 403, reason: 'scope' }, null);
    }
    // The form names the lead it was shown for: another lead's id is refused like any other scope breach.
    const lead = typeof b.lead === 'string' && isLeadId(b.lead) ? b.lead : NO_LEAD;
    const verdict = await this.go.open(token, lead, client, action);
    if ('status' in verdict) return sendGoRefusal(reply, lang, verdict, refusedLead(verdict));
    if (!(await this.go.formOk(token, b.form))) {
      await this.go.refusedForm(verdict.claims.login, verdict.claims.leadId, client, action);
      return sendGoRefusal(reply, lang, { status: 403, reason: 'form' }, verdict.claims.leadId);
    }
    const outcome = await this.go.act(verdict, action as GoAction, b, client);
    if (outcome.ok) {
      const back = `/admin/go/${token}?done=${action}${lang === 'en' ? '&lang=en' : ''}`;
      return void reply.code(303).header('cache-control', 'no-store').header('location', back).send();
    }
    const view = await this.go.view(token, verdict, client);
    if (!view) return sendGoRefusal(reply, lang, { status: 404, reason: 'gone' }, null);
    const owner = view.ownerName ?? '';
    const error =
      outcome.message === 'taken'
        ? t(lang, 'go.refused.taken', { owner })
        : outcome.message === 'closed'
          ? t(lang, 'go.page.closed')
          : t(lang, 'go.refused.form');
    sendGoPage(reply, lang, view, { done: null, error, status: outcome.status });
  }
}
