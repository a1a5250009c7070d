import { DiscoveryService } from '@nestjs/core';
import type { WorkerOptions } from 'bullmq';
import { QueueName } from '@app/contracts';

export interface QueueProcessorSpec {
  queue: QueueName;
  /** Settings that differ from the configured worker options. */
  overrides: Partial<WorkerOptions>;
}

const spec = DiscoveryService.createDecorator<QueueProcessorSpec>();

/**
 * Marks a class as the consumer of `queue`. It is not a bare `@Processor`:
 * that one fixes the worker's options when the class is defined, before the
 * config exists; WorkerSupervisor finds the classes marked here and makes
 * them processors with the configured options at init.
 */
export function QueueProcessor(queue: QueueName, overrides: Partial<WorkerOptions> = {}): ClassDecorator {
  return spec({ queue, overrides });
}

QueueProcessor.spec = spec;
