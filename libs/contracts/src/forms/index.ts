export * from './form.types';
export * from './form-limits';
export * from './form-definition';
export * from './form-post';
export * from './form-routing';
export * from './form-snapshot';
export * from './default-form';
