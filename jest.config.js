const os = require('node:os');

/** Five projects: pure unit tests, end-to-end tests, fault-injection tests, real-browser tests and high-availability tests. */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@app/contracts(|/.*)$': '<rootDir>/libs/contracts/src$1',
    '^@app/config(|/.*)$': '<rootDir>/libs/config/src$1',
    '^@app/views(|/.*)$': '<rootDir>/libs/views/src$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    '^.+\\.js$': '<rootDir>/test/support/esm-to-cjs.transformer.js',
  },
  // Only the ESM-only Nest packages are rewritten; everything else loads as published.
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
};

module.exports = {
  // Per-project testTimeout is not applied by jest; e2e files set their own.
  testTimeout: 60000,
  // Jest's default (cores - 1) runs everything in band on a 2-core machine; unit specs that load real
  // services spend most of their time loading modules, which two workers do side by side. The
  // e2e, faults, browser and HA projects run with --runInBand, which overrides this.
  maxWorkers: Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1),
  projects: [
    { ...common, displayName: 'unit', rootDir: __dirname, testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', rootDir: __dirname, testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], testTimeout: 60000 },
    {
      ...common,
      displayName: 'faults',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      testTimeout: 180000,
    },
    {
      ...common,
      displayName: 'browser',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      testTimeout: 120000,
    },
    {
      ...common,
      displayName: 'ha',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/ha/**/*.ha-spec.ts'],
      testTimeout: 300000,
    },
  ],
};
