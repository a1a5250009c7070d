import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { createRedisClient, GatewayConfig, InjectConfig, queueKeyPrefix, redisConnection, withTimeout } from '@app/config';
import {
  CompiledForm,
  compileForm,
  DEFAULT_FORM,
  DEFAULT_FORM_SLUG,
  formsChangedChannel,
  formsSnapshotKey,
  parseFormsSnapshot,
} from '@app/contracts';

/**
 * The forms this gateway serves, held in memory from the snapshot the
 * worker publishes to Redis (never from Postgres): loaded at boot, again
 * on every change message and after every reconnect. Each form version is
 * compiled once. With no snapshot at all, the built-in default form.
 */
@Injectable()
export class FormsCatalog implements OnModuleInit, OnApplicationShutdown {
  private readonly builtin: CompiledForm;
  private forms = new Map<string, CompiledForm>();
  private revision = -1;
  private readonly reader: Redis;
  private readonly subscriber: Redis;
  private readonly key: string;
  private readonly channel: string;
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectPinoLogger(FormsCatalog.name) private readonly logger: PinoLogger,
  ) {
    this.builtin = compileForm(DEFAULT_FORM, { consentRequired: config.CONSENT_REQUIRED });
    const prefix = queueKeyPrefix(config);
    this.key = formsSnapshotKey(prefix);
    this.channel = formsChangedChannel(prefix);
    const connection = redisConnection(config, 'gateway');
    this.reader = createRedisClient(connection, { lazyConnect: true, connectionName: 'gateway-forms' }) as Redis;
    // The subscriber may queue its SUBSCRIBE until Redis is there; it never carries a visitor's request.
    this.subscriber = createRedisClient(connection, {
      lazyConnect: true,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      connectionName: 'gateway-forms-changes',
    }) as Redis;
    this.reader.on('error', () => undefined);
    this.subscriber.on('error', (err: Error) => this.logger.debug({ err: err.message }, 'forms subscriber'));
  }

  /** The form `slug`, or undefined when no such form is published. */
  find(slug: string): CompiledForm | undefined {
    return this.forms.get(slug) ?? (slug === DEFAULT_FORM_SLUG ? this.builtin : undefined);
  }

  /** The form POST /api/leads is. */
  defaultForm(): CompiledForm {
    return this.forms.get(DEFAULT_FORM_SLUG) ?? this.builtin;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.on('message', (_channel: string, message: string) => {
      if (Number(message) > this.revision) void this.reload();
    });
    // After a (re)connect, changes published meanwhile were missed: follow the channel and read the snapshot again.
    this.subscriber.on('ready', () => {
      this.subscriber
        .subscribe(this.channel)
        .catch((err: Error) => this.logger.warn({ err: err.message }, 'forms changes not followed'));
      void this.reload();
    });
    this.reader.on('ready', () => void this.reload());
    this.subscriber.connect().catch(() => undefined);
    // Boot waits for the first load only as long as one Redis round trip may take.
    await withTimeout(this.reload(), this.config.REDIS_TIMEOUT_MS, 'forms snapshot').catch(() => undefined);
  }

  /** Reads the snapshot; concurrent calls coalesce into one read plus, if asked meanwhile, one more. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = null;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      if (this.reader.status === 'wait') await this.reader.connect().catch(() => undefined);
      const snapshot = parseFormsSnapshot(await this.reader.get(this.key));
      if (!snapshot || snapshot.revision <= this.revision) return;
      const next = new Map<string, CompiledForm>();
      for (const definition of snapshot.forms) {
        const held = this.forms.get(definition.slug);
        next.set(
          definition.slug,
          held?.definition.version === definition.version
            ? held
            : compileForm(definition, { consentRequired: this.config.CONSENT_REQUIRED }),
        );
      }
      this.forms = next;
      this.revision = snapshot.revision;
      this.logger.info({ revision: snapshot.revision, forms: next.size }, 'forms snapshot loaded');
    } catch (err) {
      // The forms held so far keep being served; the next message or reconnect tries again.
      this.logger.warn({ err: (err as Error).message }, 'forms snapshot not loaded');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const client of [this.subscriber, this.reader]) {
      if (client.status === 'wait' || client.status === 'end') continue;
      await client.quit().catch(() => client.disconnect());
    }
  }
}
