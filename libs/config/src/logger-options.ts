import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

interface LogSettings {
  LOG_LEVEL: string;
  NODE_ENV: string;
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
 * One line per request with a request id (JSON in production). Bodies are
 * never logged, and headers that carry credentials are redacted.
 */
export function loggerOptions(config: LogSettings): Params {
  // Request lines are logged at info. Above that level the per-request
  // middleware would only cost time on the accept path, so it is left out.
  const logsRequests = ['info', 'debug', 'trace'].includes(config.LOG_LEVEL);
  return {
    forRoutes: logsRequests ? [{ path: '*path', method: RequestMethod.ALL }] : [],
    pinoHttp: {
      level: config.LOG_LEVEL,
      transport: prettyTransport(config),
      genReqId: (req: IncomingMessage) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) ?? randomUUID(),
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
    },
  };
}
