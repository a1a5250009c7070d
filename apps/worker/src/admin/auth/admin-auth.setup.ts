import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { InjectConfig, WorkerConfig } from '@app/config';
import { createAdminAuthHook } from '../admin-auth.hook';
import { StaffGate } from './staff-gate.service';

/**
 * Guards the admin port. The hook goes on the Fastify instance while Nest
 * builds the modules (NestFactory.create), so it is in place before any
 * route, plugin or helmet hook is added: Bull Board's routes never pass
 * through Nest guards, and a plugin registered earlier would not inherit it.
 * That is why this is a constructor and not onModuleInit, which runs after
 * the routes are registered.
 */
@Injectable()
export class AdminAuthSetup {
  constructor(adapterHost: HttpAdapterHost, gate: StaffGate, @InjectConfig() config: WorkerConfig) {
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook(
      'onRequest',
      createAdminAuthHook(gate, { metricsPublic: config.METRICS_PUBLIC, metricsToken: config.METRICS_TOKEN }),
    );
  }
}
