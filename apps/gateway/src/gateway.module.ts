import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import {
  bullConnection,
  ConfigModule,
  GatewayConfig,
  jobTuning,
  loggerOptions,
  queueKeyPrefix,
  redisConnection,
  redisMonitorProvider,
  sharedRedisCloser,
} from '@app/config';
import { jobDefaults, QueueName } from '@app/contracts';
import { AdmissionService } from './defences/admission.service';
import { CaptchaController } from './defences/captcha.controller';
import { CaptchaService } from './defences/captcha.service';
import { FormTokenService } from './defences/form-token.service';
import { FormsCatalog } from './forms/forms-catalog.service';
import { HealthController } from './health/health.controller';
import { HttpErrorFilter } from './http/http-error.filter';
import { LeadIntakeService } from './lead/lead-intake.service';
import { LeadProducer } from './lead/lead-producer.service';
import { LeadSubmissionHandler } from './lead/lead-submission.handler';
import { ReplicaConfirmation } from './lead/replica-confirmation.service';
import { GatewayMetrics } from './metrics/gateway-metrics.service';
import { MetricsController } from './metrics/metrics.controller';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    // Fail at once while Redis is away instead of buffering commands: the
    // visitor gets a 503 now, not a 202 that may never be written.
    const connection = bullConnection(redisConnection(config, 'gateway'));
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot(config),
        // Request lines come from the gateway's own hook (see logRequests).
        LoggerModule.forRoot(loggerOptions(config, { requestMiddleware: false, asyncWrites: true })),
        BullModule.forRoot({ prefix: queueKeyPrefix(config), connection }),
        BullModule.registerQueue({
          name: QueueName.LeadIntake,
          defaultJobOptions: jobDefaults(QueueName.LeadIntake, jobTuning(config)),
        }),
      ],
      // POST /api/leads is a plain Fastify route (see leadRoutes), served by LeadSubmissionHandler.
      controllers: [HealthController, MetricsController, CaptchaController],
      providers: [
        LeadSubmissionHandler,
        LeadIntakeService,
        LeadProducer,
        ReplicaConfirmation,
        AdmissionService,
        CaptchaService,
        FormTokenService,
        FormsCatalog,
        GatewayMetrics,
        redisMonitorProvider([QueueName.LeadIntake]),
        sharedRedisCloser(connection),
        HttpErrorFilter,
        { provide: APP_FILTER, useExisting: HttpErrorFilter },
      ],
    };
  }
}
