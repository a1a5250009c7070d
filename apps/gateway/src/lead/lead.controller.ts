import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, GatewayConfig } from '@app/config';
import { localizeErrors } from '@app/contracts';
import { errorPage, unavailablePage } from '../pages/result-pages';
import { LeadIntakeService } from './lead-intake.service';
import { pickLang, prefersHtml } from './negotiation';
import { safeRedirect } from './redirect-policy';

const RETRY_AFTER_SECONDS = '5';

@Controller('api/leads')
export class LeadController {
  constructor(
    private readonly intake: LeadIntakeService,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post()
  async submit(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = req.body as Record<string, unknown> | undefined;
    const html = prefersHtml(req.headers);
    const lang = pickLang(req.headers, body?._lang);
    const outcome = await this.intake.submit(body, {
      idempotencyKey: header(req, 'idempotency-key'),
      ip: req.ip ?? null,
      userAgent: header(req, 'user-agent') ?? null,
      page: header(req, 'referer') ?? null,
    });

    switch (outcome.kind) {
      case 'accepted':
        if (html) {
          const target = safeRedirect(body?._next, this.config.CORS_ORIGINS) ?? `/thanks?id=${outcome.id}`;
          return void reply.code(303).header('location', target).send();
        }
        return void reply.code(202).send({ id: outcome.id, status: 'queued' });
      case 'invalid': {
        const errors = localizeErrors(outcome.errors, lang);
        if (html) return void reply.code(400).type('text/html; charset=utf-8').send(errorPage(lang, errors));
        const message = lang === 'zh' ? '提交内容有误' : 'The submission has errors';
        return void reply.code(400).send({ errors, message });
      }
      case 'unavailable':
        reply.code(503).header('retry-after', RETRY_AFTER_SECONDS);
        if (html) return void reply.type('text/html; charset=utf-8').send(unavailablePage(lang));
        return void reply.send({ status: 'unavailable', message: 'Lead queue unavailable, retry later' });
    }
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
