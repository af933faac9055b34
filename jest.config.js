// One Jest run for everything: unit specs beside the code, suites under test/.
// @swc/jest compiles TypeScript (decorators + metadata for Nest); Nest 12 and a few of its
// dependencies ship ESM only, so they are transformed too.
const esmPackages = [
  '@nestjs',
  'file-type',
  'uid',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@willsoto',
  'nestjs-pino',
  // JWT verification (libs/security): ESM only.
  'jose',
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/libs/sdk/dist/'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    // ESM-style relative specifiers ('./client.gen.js', as the generated SDK writes them) resolve to the .ts source.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@app/(books|database|errors|http|observability|health|security|idempotency)$': '<rootDir>/libs/$1/src',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  collectCoverageFrom: [
    '<rootDir>/apps/*/src/**/*.ts',
    '<rootDir>/libs/*/src/**/*.ts',
    '!**/*.spec.ts',
    '!**/index.ts',
    '!<rootDir>/apps/api/src/main.ts',
    '!<rootDir>/apps/api/src/migrate.ts',
    '!<rootDir>/libs/sdk/**',
  ],
  coverageReporters: ['text-summary', 'lcov', 'json-summary'],
  coverageThreshold: { global: { lines: 90 } },
  testTimeout: 60000,
  maxWorkers: 2,
};
