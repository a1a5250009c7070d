export * from './views';
export * from './hosted-form';
