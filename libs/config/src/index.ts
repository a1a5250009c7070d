export * from './env';
export * from './load-config';
export * from './config.module';
export * from './redis-connection';
export * from './with-timeout';
export * from './logger-options';
export * from './redis-monitor.provider';
export * from './staff-directory';
