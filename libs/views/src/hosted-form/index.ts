export * from './hosted-form';
export * from './privacy-href';
