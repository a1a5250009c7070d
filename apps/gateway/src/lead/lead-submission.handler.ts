import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectConfig, GatewayConfig } from '@app/config';
import { CompiledForm, DEFAULT_FORM_SLUG, Lang, localizeErrors, PublicFieldError, t } from '@app/contracts';
import { FormsCatalog } from '../forms/forms-catalog.service';
import { publicForm } from '../forms/public-form';
import { isOriginAllowed } from '../defences/client-policy';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { FormTokenService } from '../defences/form-token.service';
import { formValuesFrom, renderFormPage } from '../pages/form-page';
import { hostedValuesFrom, renderHostedFormPage } from '../pages/hosted-form-page';
import { keyReusedPage, messagePage, rateLimitedPage, unavailablePage } from '../pages/result-pages';
import { LeadIntakeService } from './lead-intake.service';
import { pickLang, prefersHtml } from '../http/negotiation';
import { safeRedirect } from './redirect-policy';

const RETRY_AFTER_SECONDS = '5';

/**
 * POST /api/leads: the origin check, then the intake's outcome as JSON or,
 * for a browser form post, as a page or redirect. Served by a plain Fastify
 * route (see leadRoutes), not a Nest controller.
 */
@Injectable()
export class LeadSubmissionHandler {
  constructor(
    private readonly intake: LeadIntakeService,
    private readonly metrics: GatewayMetrics,
    private readonly formTokens: FormTokenService,
    private readonly catalog: FormsCatalog,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {}

  /** GET /api/forms/:slug: what embed.js needs to draw an active form (never its recipients, robots or routing). */
  describe(req: FastifyRequest, reply: FastifyReply): void {
    const slug = (req.params as { slug?: string } | undefined)?.slug ?? '';
    const form = this.catalog.find(slug)?.definition;
    if (!form || form.status !== 'active') {
      const lang = pickLang(req.headers, undefined, form?.language ?? 'en');
      const [status, message] = form ? [410, t(lang, 'forms.paused')] : [404, t(lang, 'forms.notFound')];
      return void reply.code(status).send({ statusCode: status, message });
    }
    reply.header('cache-control', 'public, max-age=30').send(publicForm(form, this.config.CONSENT_REQUIRED));
  }

  /** POST /api/leads: the default form. */
  submit(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.answer(req, reply, this.catalog.defaultForm());
  }

  /** POST /api/forms/:slug/leads: 404 for a form nobody published, 410 while it is paused. */
  async submitToForm(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const slug = (req.params as { slug?: string } | undefined)?.slug ?? '';
    const form = this.catalog.find(slug);
    if (!form || form.definition.status === 'paused') {
      const body = req.body as Record<string, unknown> | undefined;
      const lang = pickLang(req.headers, body?._lang, form?.definition.language ?? 'en');
      const [status, message] = form ? [410, t(lang, 'forms.paused')] : [404, t(lang, 'forms.notFound')];
      this.metrics.rejected(form ? 'form_paused' : 'form_unknown');
      if (prefersHtml(req.headers))
        return void reply.code(status).type('text/html; charset=utf-8').send(messagePage(lang, message));
      return void reply.code(status).send({ statusCode: status, message });
    }
    return this.answer(req, reply, form);
  }

  private async answer(req: FastifyRequest, reply: FastifyReply, form: CompiledForm): Promise<void> {
    const body = req.body as Record<string, unknown> | undefined;
    const html = prefersHtml(req.headers);
    const { slug, origins: own, redirect, language } = form.definition;
    // The default form answers in English unless asked otherwise, as POST /api/leads always has.
    const lang = pickLang(req.headers, body?._lang, slug === DEFAULT_FORM_SLUG ? 'en' : language);
    const origins = own.length > 0 ? own : this.config.CORS_ORIGINS;
    if (!isOriginAllowed(header(req, 'origin'), header(req, 'host'), origins)) {
      this.metrics.rejected('origin_forbidden');
      const message = t(lang, 'form.result.notAllowed');
      if (html) return void reply.code(403).type('text/html; charset=utf-8').send(messagePage(lang, message));
      return void reply.code(403).send({ statusCode: 403, message });
    }
    const outcome = await this.intake.submit(
      body,
      {
        requestId: req.id,
        idempotencyKey: header(req, 'idempotency-key'),
        ip: req.ip,
        userAgent: header(req, 'user-agent') ?? null,
        page: header(req, 'referer') ?? null,
      },
      form,
    );

    switch (outcome.kind) {
      case 'accepted':
        req.logFields = outcome.note;
        if (html) {
          const target = safeRedirect(body?._next, origins) ?? redirect ?? `/thanks?id=${outcome.id}`;
          return void reply.code(303).header('location', target).send();
        }
        return void reply.code(202).send({ id: outcome.id, status: 'queued' });
      case 'invalid': {
        const errors = localizeErrors(outcome.errors, lang, form.labels);
        if (html) {
          return void reply
            .code(400)
            .header('cache-control', 'no-store')
            .type('text/html; charset=utf-8')
            .send(this.formAgain(lang, body, errors, form));
        }
        return void reply.code(400).send({ errors, message: t(lang, 'form.result.invalid') });
      }
      case 'rate_limited':
        reply.code(429).header('retry-after', String(outcome.retryAfterSeconds));
        if (html) return void reply.type('text/html; charset=utf-8').send(rateLimitedPage(lang, outcome.retryAfterSeconds));
        return void reply.send({
          statusCode: 429,
          message: 'Too many submissions, retry later',
          retryAfter: outcome.retryAfterSeconds,
        });
      case 'key_reused':
        // Like Stripe: the key names one request; another body under it is the client's mistake, not a retry.
        reply.code(422).header('cache-control', 'no-store');
        if (html) return void reply.type('text/html; charset=utf-8').send(keyReusedPage(lang));
        return void reply.send({
          statusCode: 422,
          error: 'idempotency_key_reused',
          message: t(lang, 'form.result.keyReused'),
        });
      case 'unavailable':
        reply.code(503).header('retry-after', RETRY_AFTER_SECONDS);
        if (html) return void reply.type('text/html; charset=utf-8').send(unavailablePage(lang));
        return void reply.send({
          status: 'unavailable',
          message: 'Lead queue unavailable, retry later',
          retryAfter: Number(RETRY_AFTER_SECONDS),
        });
    }
  }

  /**
   * The form again, with what was typed and each error by its field. The
   * visitor's own token is kept: a fresh one would make a quick correction
   * look like a bot.
   */
  private formAgain(
    lang: Lang,
    body: Record<string, unknown> | undefined,
    errors: PublicFieldError[],
    form: CompiledForm,
  ): string {
    const posted = typeof body?._token === 'string' ? body._token : '';
    const verdict = this.formTokens.verify(posted);
    const token = verdict === 'ok' || verdict === 'too_fast' ? posted : this.formTokens.issue();
    // A form of its own is its hosted page again (GET /f/:slug); the default form is GET /, as always.
    if (form.definition.slug !== DEFAULT_FORM_SLUG) {
      return renderHostedFormPage({
        form: form.definition,
        lang,
        token,
        privacyPolicyUrl: this.config.PRIVACY_POLICY_URL,
        companyName: this.config.COMPANY_NAME,
        consentRequired: this.config.CONSENT_REQUIRED,
        hotline: this.config.CONTACT_HOTLINE,
        values: hostedValuesFrom(form.definition, body),
        errors,
      });
    }
    return renderFormPage({
      lang,
      token,
      privacyPolicyUrl: this.config.PRIVACY_POLICY_URL,
      companyName: this.config.COMPANY_NAME,
      consentRequired: this.config.CONSENT_REQUIRED,
      hotline: this.config.CONTACT_HOTLINE,
      values: formValuesFrom(body),
      errors,
    });
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
