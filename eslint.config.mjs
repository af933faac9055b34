// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import security from 'eslint-plugin-security';
import noSecrets from 'eslint-plugin-no-secrets';

export default tseslint.config(
  {
    ignores: ['dist/', 'coverage/', 'node_modules/', '.tmp/', 'data/', 'libs/sdk/src/generated/', 'libs/sdk/dist/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Security lint (SECURITY.md): eslint-plugin-security's recommended rules as errors, and no high-entropy
  // strings (committed secrets). Two rules are scoped: object-injection flags every typed `a[b]`, and
  // timing-attacks every `key === undefined`; secrets are compared only in apps/ and libs/security/.
  {
    ...security.configs.recommended,
    rules: {
      ...Object.fromEntries(Object.keys(security.configs.recommended.rules).map((rule) => [rule, 'error'])),
      'security/detect-object-injection': 'off',
      'security/detect-possible-timing-attacks': 'off',
    },
  },
  { files: ['apps/**/*.ts', 'libs/security/**/*.ts'], rules: { 'security/detect-possible-timing-attacks': 'error' } },
  {
    plugins: { 'no-secrets': noSecrets },
    rules: { 'no-secrets/no-secrets': ['error', { tolerance: 4.5 }] },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  // One request pipeline (apps/api/src/request-pipeline.ts): libraries export guards, interceptors, pipes and
  // filters; only the composition root decides which run globally and in which order.
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/core',
              importNames: ['APP_GUARD', 'APP_INTERCEPTOR', 'APP_FILTER', 'APP_PIPE'],
              message:
                'Libraries register nothing globally: export the piece, mount it in apps/api/src/request-pipeline.ts.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[property.name=/^(useGlobalGuards|useGlobalInterceptors|useGlobalPipes|useGlobalFilters)$/]',
          message: 'Libraries register nothing globally: mount it in apps/api/src/request-pipeline.ts.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'test/**/*.mjs', 'scripts/**', 'bench/**'],
    languageOptions: { globals: { ...globals.jest } },
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tooling reads the files and builds the patterns it is told to; none of it serves requests.
      'security/detect-non-literal-fs-filename': 'off',
      'security/detect-non-literal-regexp': 'off',
      'security/detect-unsafe-regex': 'off',
      'security/detect-possible-timing-attacks': 'off',
    },
  },
);
