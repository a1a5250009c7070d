export * from './lead.types';
export * from './lead-fields';
export * from './lead-messages';
export * from './lead-id';
export * from './phone';
export * from './mask';
export * from './queues';
export * from './i18n';
