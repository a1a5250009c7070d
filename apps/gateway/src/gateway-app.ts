import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { GatewayConfig, requestIdFor, trustProxySetting } from '@app/config';
import { FormTokenService } from './defences/form-token.service';
import { GatewayModule } from './gateway.module';
import { HttpErrorFilter } from './http/http-error.filter';
import { logRequests } from './http/request-log';
import { leadRoutes } from './lead/lead-routes';
import { LeadSubmissionHandler } from './lead/lead-submission.handler';
import { FormsCatalog } from './forms/forms-catalog.service';
import { FormCorsPolicy } from './forms/form-cors';
import { pageRoutes } from './pages/page-routes';

/** The gateway with every route and hook in place, not yet listening (main.ts listens; the benchmark drives it in-process). */
export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    // Who the client is (for the rate limit) comes from the socket unless
    // TRUST_PROXY names the proxies in front of us.
    trustProxy: trustProxySetting(config.TRUST_PROXY),
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Before any route, so that every context inherits the request lines' hook.
  logRequests(app.getHttpAdapter().getInstance(), (await app.resolve(PinoLogger)).logger);
  // Only JSON, urlencoded (both registered by Nest) and multipart text
  // fields are leads; Fastify's text/plain parser would let anything else
  // through to validation.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  // The form, the thank-you page and their files, with their security headers (not Nest controllers: see pageRoutes).
  const catalog = app.get(FormsCatalog);
  await app.register(pageRoutes({ tokens: app.get(FormTokenService), catalog, config, logger: app.get(Logger) }));
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({
      origin: config.CORS_ORIGINS,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'accept', 'accept-language', 'idempotency-key'],
      exposedHeaders: ['retry-after'],
      maxAge: 600,
    });
  }
  // Nest registers its body parsers and middleware here; the lead route's context starts from them.
  await app.init();
  await app.register(
    leadRoutes({
      handler: app.get(LeadSubmissionHandler),
      errors: app.get(HttpErrorFilter),
      bodyLimit: config.BODY_LIMIT_BYTES,
      cors: new FormCorsPolicy((slug) => catalog.find(slug), config.CORS_ORIGINS),
    }),
  );
  return app;
}
