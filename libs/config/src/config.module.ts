import { DynamicModule, Global, Inject, Module, Provider } from '@nestjs/common';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injects the app's validated config: `@InjectConfig() config: WorkerConfig`. */
export const InjectConfig = (): ParameterDecorator & PropertyDecorator => Inject(APP_CONFIG);

/**
 * Makes the config validated in main.ts injectable as APP_CONFIG, with any
 * other objects main.ts built from it (e.g. the staff directory).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot<T extends object>(config: T, extra: Provider[] = []): DynamicModule {
    const providers = [{ provide: APP_CONFIG, useValue: config }, ...extra];
    return { module: ConfigModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
