import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import pino from 'pino';

interface LogSettings {
  LOG_LEVEL: string;
  NODE_ENV: string;
}

export interface LogChoices {
  /**
   * Request lines from pino-http as Nest middleware, which also binds each
   * request to the lines logged while serving it (true, the default); false
   * when the app writes its own request lines (see the gateway's request log).
   */
  requestMiddleware?: boolean;
  /**
   * Write to stdout asynchronously, lines that arrive while a write is under
   * way going out together in the next one, instead of one blocking write(2)
   * per line; pino flushes what is left when the process exits.
   */
  asyncWrites?: boolean;
}

/** Whether request lines are logged at this level (they are logged at info). */
export function logsRequests(level: string): boolean {
  return ['info', 'debug', 'trace'].includes(level);
}

/** The request id in logs: the caller's X-Request-Id (bounded), else a new UUID. */
export function requestIdFor(req: IncomingMessage): string {
  return (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) ?? randomUUID();
}

/** pino-pretty for a developer at a terminal; JSON lines everywhere else. */
function prettyTransport(config: LogSettings): { target: string; options: object } | undefined {
  if (config.NODE_ENV !== 'development' || !process.stdout.isTTY) return undefined;
  try {
    require.resolve('pino-pretty');
  } catch {
    return undefined; // a production install has no dev dependencies
  }
  return { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } };
}

/**
 * One line per request with a request id (JSON in production). Bodies and
 * headers are not logged (request headers that carry credentials are
 * redacted should a line ever include them).
 */
export function loggerOptions(config: LogSettings, choices: LogChoices = {}): Params {
  const { requestMiddleware = true, asyncWrites = false } = choices;
  // Above info the per-request middleware would only cost time on every request, so it is left out.
  const middleware = requestMiddleware && logsRequests(config.LOG_LEVEL);
  const transport = prettyTransport(config);
  const options = {
    level: config.LOG_LEVEL,
    transport,
    genReqId: requestIdFor,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      // The status; the response's headers say nothing a request line needs.
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
  };
  return {
    forRoutes: middleware ? [{ path: '*path', method: RequestMethod.ALL }] : [],
    // A transport writes from its own thread already.
    pinoHttp: asyncWrites && !transport ? [options, pino.destination({ sync: false })] : options,
  };
}
