import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { GatewayMetrics, RejectReason } from '../metrics/gateway-metrics.service';

interface ClientError {
  status: number;
  reason: RejectReason | null;
  message: string;
}

/** Fastify's own errors for bodies it could not parse, by code. */
const FASTIFY_CLIENT_ERRORS: Record<string, ClientError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, reason: 'too_large', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    reason: 'unsupported_type',
    message: 'Send application/json or application/x-www-form-urlencoded',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, reason: 'malformed', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, reason: 'malformed', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, reason: 'malformed', message: 'The body is not valid JSON' },
  FST_FILES_LIMIT: { status: 400, reason: 'malformed', message: 'File uploads are not accepted: send text fields only' },
  FST_PARTS_LIMIT: { status: 413, reason: 'too_large', message: 'Too many form fields' },
  FST_FIELDS_LIMIT: { status: 413, reason: 'too_large', message: 'Too many form fields' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, reason: 'too_large', message: 'Request body is too large' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, reason: 'unsupported_type', message: 'Not a multipart request' },
};

const STATUS_REASONS: Record<number, RejectReason> = { 400: 'malformed', 413: 'too_large', 415: 'unsupported_type' };

/**
 * One error shape for every failure, and the guarantee that nothing a client
 * sends can produce a 5xx: parser errors become 4xx, only our own faults 500.
 * Nest's routes reach it as the app's exception filter; the lead route, a
 * plain Fastify route, as its context's error handler (see leadRoutes).
 */
@Catch()
@Injectable()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    private readonly metrics: GatewayMetrics,
    @InjectPinoLogger(HttpErrorFilter.name) private readonly logger: PinoLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.answer(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  answer(exception: unknown, req: FastifyRequest, reply: FastifyReply): void {
    const error = this.classify(exception);
    if (error.status >= 500) {
      this.logger.error({ err: exception, url: req.url }, 'unhandled error');
    } else if (error.reason) {
      this.metrics.rejected(error.reason);
      this.logger.warn({ url: req.url, status: error.status, reason: error.reason }, 'request refused');
    }
    if (reply.sent) return;
    reply.code(error.status).send({
      statusCode: error.status,
      message: error.message,
      errors: error.status === 400 ? [{ field: '_body', code: error.reason ?? 'invalid', message: error.message }] : undefined,
    });
  }

  private classify(exception: unknown): ClientError {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, reason: STATUS_REASONS[status] ?? null, message: exception.message };
    }
    const e = exception as { code?: string; statusCode?: number; message?: string };
    const known = e.code ? FASTIFY_CLIENT_ERRORS[e.code] : undefined;
    if (known) return known;
    if (exception instanceof SyntaxError) return FASTIFY_CLIENT_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY;
    // busboy reports a broken multipart body with a plain Error.
    if (/multipart|boundary/i.test(e.message ?? '')) {
      return { status: 400, reason: 'malformed', message: 'The multipart body is malformed' };
    }
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return { status: e.statusCode, reason: 'malformed', message: e.message ?? 'Bad request' };
    }
    return { status: 500, reason: null, message: 'Internal error' };
  }
}
