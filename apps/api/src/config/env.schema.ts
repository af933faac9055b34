import { z } from 'zod';
import { InvalidConfigError } from '../errors/invalid-config.error';

// The one place environment variables are read and validated; everything else receives typed config.

const boolean = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const databaseUrl = z.string().refine((v) => v === 'memory://' || /^postgres(ql)?:\/\/[^\s]+$/.test(v), {
  message: 'must be memory:// or a postgres:// / postgresql:// URL',
});

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: integer(0, 65535).default(8080),
  HTTP_ADAPTER: z.enum(['express', 'fastify']).default('express'),
  DATABASE_URL: databaseUrl.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_ENGINE: z.enum(['postgres', 'pglite']).default('postgres'),
  DB_POOL_SIZE: integer(1, 1000).optional(),
  DB_CONNECT_TIMEOUT_MS: integer(0, 3_600_000).default(30_000),
  DB_QUERY_TIMEOUT_MS: integer(1, 600_000).default(5_000),
  MIGRATE_ON_START: boolean.default(true),
  BODY_LIMIT_BYTES: integer(1, 100 * 1024 * 1024).default(65_536),
  REQUEST_TIMEOUT_MS: integer(1, 600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  SHUTDOWN_DRAIN_MS: integer(0, 600_000).default(5_000),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(10_000),
  API_KEYS: list.optional(),
  API_KEYS_FILE: z.string().min(1).optional(),
  AUTH_JWKS_URL: httpUrl.optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  RATE_LIMIT_READ_PER_MINUTE: integer(1, 1_000_000).default(600),
  RATE_LIMIT_WRITE_PER_MINUTE: integer(1, 1_000_000).default(60),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  RATE_LIMIT_KEY_PREFIX: z.string().min(1).default('book-library:rate-limit:'),
  TRUST_PROXY: boolean.default(false),
  CORS_ORIGINS: list.default([]),
  IDEMPOTENCY_TTL_SECONDS: integer(1, 30 * 86_400).default(86_400),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('book-library-api'),
});

export type AppConfig = z.infer<typeof envSchema>;

/** Rules that relate several variables; each issue names the variable to fix. */
const configSchema = envSchema.superRefine((config, context) => {
  const hasKeys = (config.API_KEYS?.length ?? 0) > 0 || config.API_KEYS_FILE !== undefined;
  if (config.NODE_ENV === 'production' && !hasKeys && config.AUTH_JWKS_URL === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['API_KEYS'],
      message: '(or API_KEYS_FILE) must be set when NODE_ENV=production: without keys anyone could write',
    });
  }
  if (config.AUTH_JWKS_URL !== undefined) {
    for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE'] as const) {
      if (config[name] === undefined) {
        context.addIssue({ code: 'custom', path: [name], message: 'must be set when AUTH_JWKS_URL is set' });
      }
    }
  }
});

/** Every variable the service reads: the deploy tests check ConfigMaps against it. */
export const ENV_VAR_NAMES = Object.keys(envSchema.shape) as (keyof AppConfig)[];

/** Readable logs for a developer at a terminal; JSON wherever logs are collected. */
export const defaultLogFormat = (nodeEnv: string | undefined, stdoutIsTerminal: boolean): 'json' | 'pretty' =>
  (nodeEnv || 'development') === 'development' && stdoutIsTerminal ? 'pretty' : 'json';

/** Parses the environment; empty strings count as unset so `VAR=` falls back to the default. */
export function parseEnv(
  env: Record<string, string | undefined>,
  stdoutIsTerminal: boolean = process.stdout.isTTY === true,
): AppConfig {
  const present = Object.fromEntries(
    ENV_VAR_NAMES.filter((name) => env[name] !== undefined && env[name] !== '').map((name) => [name, env[name]]),
  );
  present.LOG_FORMAT ??= defaultLogFormat(env.NODE_ENV, stdoutIsTerminal);
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidConfigError(String(issue.path[0]), issue.message);
  }
  return result.data;
}

/** For entry points: the parsed configuration, or one line naming the bad variable and exit 1. */
export function parseEnvOrExit(env: Record<string, string | undefined>): AppConfig {
  try {
    return parseEnv(env);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
