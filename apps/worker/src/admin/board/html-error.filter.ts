import { ArgumentsHost, BadRequestException, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { staffMeOf } from './board-text';
import { errorPageLang, renderErrorPage } from './error-page';
import { FieldError } from '../query-input';
import { sendShellPage } from '../shell/page-shell';

/** A browser navigating (it prefers HTML), not a script or the board's own fetch (which ask for JSON). */
function wantsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return /\btext\/html\b/.test(accept) && !/^application\/json/.test(accept);
}

function underAdmin(url: string): boolean {
  const path = url.split('?', 1)[0];
  return path === '/admin' || path.startsWith('/admin/');
}

/**
 * Refusals and unknown pages under /admin as a browser sees them: a page
 * of the board in the reader's language (403 "没有权限", 404 "找不到该页面",
 * …) instead of Nest's English JSON. Scripts and the board's own fetch
 * calls (Accept: application/json), other paths and unexpected errors keep
 * the default JSON answer. Registered for the whole app (APP_FILTER), so it
 * also catches Fastify's unknown routes.
 */
@Catch()
export class AdminHtmlErrorFilter extends BaseExceptionFilter {
  catch(thrown: unknown, host: ArgumentsHost): void {
    // Bad staff input found by the pure parsers is a 400, whichever global filter meets it first.
    const exception = thrown instanceof FieldError ? new BadRequestException(thrown.toBody()) : thrown;
    if (host.getType() !== 'http' || !(exception instanceof HttpException)) return super.catch(exception, host);
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent || !underAdmin(req.url ?? '') || !wantsHtml(req)) return super.catch(exception, host);
    const status = exception.getStatus();
    const query = (req.query ?? {}) as Record<string, unknown>;
    const account = req.staff;
    const html = renderErrorPage({
      lang: errorPageLang(query.lang, req.headers['accept-language']),
      status,
      path: (req.url ?? '').split('?', 1)[0],
      me: account ? staffMeOf(account) : { name: '', role: 'staff' },
    });
    sendShellPage(reply, status, html);
  }
}
