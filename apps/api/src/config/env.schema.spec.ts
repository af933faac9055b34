import { InvalidConfigError } from '../errors/invalid-config.error';
import { ENV_VAR_NAMES, parseEnv } from './env.schema';

function configError(env: Record<string, string>): InvalidConfigError {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('parseEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(parseEnv({}, false)).toEqual({
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
      PORT: 8080,
      HTTP_ADAPTER: 'express',
      DATA_DIR: './data',
      EMBEDDED_ENGINE: 'postgres',
      DB_CONNECT_TIMEOUT_MS: 30000,
      DB_QUERY_TIMEOUT_MS: 5000,
      MIGRATE_ON_START: true,
      BODY_LIMIT_BYTES: 65536,
      REQUEST_TIMEOUT_MS: 10000,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      SHUTDOWN_DRAIN_MS: 5000,
      SHUTDOWN_TIMEOUT_MS: 10000,
      RATE_LIMIT_READ_PER_MINUTE: 600,
      RATE_LIMIT_WRITE_PER_MINUTE: 60,
      RATE_LIMIT_KEY_PREFIX: 'book-library:rate-limit:',
      TRUST_PROXY: false,
      CORS_ORIGINS: [],
      IDEMPOTENCY_TTL_SECONDS: 86400,
      OTEL_SERVICE_NAME: 'book-library-api',
    });
  });

  it('logs pretty by default only to a terminal in development; JSON otherwise, and as told', () => {
    expect(parseEnv({}, true).LOG_FORMAT).toBe('pretty');
    expect(parseEnv({ NODE_ENV: 'development' }, true).LOG_FORMAT).toBe('pretty');
    expect(parseEnv({ NODE_ENV: 'development' }, false).LOG_FORMAT).toBe('json');
    expect(parseEnv({ NODE_ENV: 'test' }, true).LOG_FORMAT).toBe('json');
    expect(parseEnv({ NODE_ENV: 'production', API_KEYS: 'k'.repeat(12) }, true).LOG_FORMAT).toBe('json');
    expect(parseEnv({ LOG_FORMAT: 'json' }, true).LOG_FORMAT).toBe('json');
    expect(parseEnv({ LOG_FORMAT: 'pretty' }, false).LOG_FORMAT).toBe('pretty');
  });

  it('ignores variables outside the schema', () => {
    expect(parseEnv({ HOME: '/root', PATH: '/bin' })).toEqual(parseEnv({}));
  });

  it('treats an empty string as unset', () => {
    const config = parseEnv({ PORT: '', DATABASE_URL: '', API_KEYS: '', MIGRATE_ON_START: '' });
    expect(config.PORT).toBe(8080);
    expect(config.MIGRATE_ON_START).toBe(true);
    expect(config).not.toHaveProperty('DATABASE_URL');
    expect(config).not.toHaveProperty('API_KEYS');
  });

  it('turns numbers into numbers within their range', () => {
    expect(parseEnv({ PORT: '3000', DB_POOL_SIZE: '1' })).toMatchObject({ PORT: 3000, DB_POOL_SIZE: 1 });
    expect(configError({ PORT: '65536' }).message).toBe('Invalid configuration: PORT must be at most 65535');
    expect(configError({ DB_POOL_SIZE: '0' }).variable).toBe('DB_POOL_SIZE');
  });

  it.each(['abc', '-1', '80.5', '8080 '])('rejects PORT=%p with one line naming PORT', (port) => {
    const error = configError({ PORT: port });
    expect(error.variable).toBe('PORT');
    expect(error.message).toMatch(/^Invalid configuration: PORT /);
    expect(error.message).not.toContain('\n');
  });

  describe('DATABASE_URL', () => {
    it.each(['memory://', 'postgres://app:secret@db:5432/library', 'postgresql://localhost/library?sslmode=require'])(
      'accepts %p',
      (url) => {
        expect(parseEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
      },
    );

    it.each(['mysql://x', 'postgres://', 'memory:', 'postgres://host/db name'])(
      'rejects %p naming DATABASE_URL',
      (url) => {
        const error = configError({ DATABASE_URL: url });
        expect(error.message).toMatch(/^Invalid configuration: DATABASE_URL /);
        expect(error.message).not.toContain('\n');
      },
    );
  });

  describe('booleans', () => {
    it.each([
      ['true', true],
      ['1', true],
      ['false', false],
      ['0', false],
    ])('%p → %p', (raw, value) => {
      expect(parseEnv({ TRUST_PROXY: raw, MIGRATE_ON_START: raw })).toMatchObject({
        TRUST_PROXY: value,
        MIGRATE_ON_START: value,
      });
    });

    it.each(['yes', 'on', 'TRUE '])('rejects %p', (raw) => {
      expect(configError({ TRUST_PROXY: raw }).message).toBe(
        'Invalid configuration: TRUST_PROXY must be true or false',
      );
    });
  });

  describe('lists', () => {
    it('splits on commas, trims, and drops empty entries', () => {
      const config = parseEnv({
        API_KEYS: ' key-one, key-two ,,',
        CORS_ORIGINS: 'https://a.example,https://b.example',
      });
      expect(config.API_KEYS).toEqual(['key-one', 'key-two']);
      expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    });
  });

  describe('enums and URLs', () => {
    it('accepts known values', () => {
      const config = parseEnv({
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        LOG_FORMAT: 'pretty',
        AUTH_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
        AUTH_ISSUER: 'https://auth.example/',
        AUTH_AUDIENCE: 'book-library-api',
        REDIS_URL: 'rediss://cache:6380',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        HTTP_ADAPTER: 'fastify',
      });
      expect(config).toMatchObject({
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        REDIS_URL: 'rediss://cache:6380',
        HTTP_ADAPTER: 'fastify',
      });
    });

    it.each([
      ['NODE_ENV', 'staging'],
      ['LOG_LEVEL', 'verbose'],
      ['LOG_FORMAT', 'xml'],
      ['HTTP_ADAPTER', 'koa'],
      ['AUTH_JWKS_URL', 'ftp://auth.example/jwks'],
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
      ['REDIS_URL', 'http://cache:6379'],
    ])('rejects %s=%p with a one-line message naming it', (name, value) => {
      const error = configError({ [name]: value });
      expect(error.variable).toBe(name);
      expect(error.message.startsWith(`Invalid configuration: ${name} `)).toBe(true);
      expect(error.message).not.toContain('\n');
    });
  });
});

describe('rules across variables', () => {
  it('refuses production without API keys, naming API_KEYS in one line', () => {
    const error = configError({ NODE_ENV: 'production' });
    expect(error.variable).toBe('API_KEYS');
    expect(error.message).toMatch(/^Invalid configuration: API_KEYS .*NODE_ENV=production/);
    expect(error.message).not.toContain('\n');
  });

  it.each([
    [{ API_KEYS: 'a-long-enough-key' }],
    [{ API_KEYS_FILE: '/var/run/secrets/book-library/api-keys' }],
    [{ AUTH_JWKS_URL: 'https://auth.example/jwks', AUTH_ISSUER: 'https://auth.example/', AUTH_AUDIENCE: 'api' }],
  ])('accepts production with credentials configured: %p', (credentials) => {
    expect(parseEnv({ NODE_ENV: 'production', ...credentials }).NODE_ENV).toBe('production');
  });

  it('allows no keys outside production (writes open, with a warning at start-up)', () => {
    expect(parseEnv({ NODE_ENV: 'development' }).API_KEYS).toBeUndefined();
    expect(parseEnv({ NODE_ENV: 'test' }).API_KEYS).toBeUndefined();
  });

  it.each(['AUTH_ISSUER', 'AUTH_AUDIENCE'])('needs %s with AUTH_JWKS_URL', (name) => {
    const env: Record<string, string> = {
      AUTH_JWKS_URL: 'https://auth.example/jwks',
      AUTH_ISSUER: 'https://auth.example/',
      AUTH_AUDIENCE: 'api',
    };
    delete env[name];
    expect(configError(env).variable).toBe(name);
  });
});

describe('ENV_VAR_NAMES', () => {
  it('lists every variable of the schema, including optional ones without defaults', () => {
    const withDefaults = Object.keys(parseEnv({}));
    const optional = [
      'DATABASE_URL',
      'DB_POOL_SIZE',
      'API_KEYS',
      'API_KEYS_FILE',
      'AUTH_JWKS_URL',
      'AUTH_ISSUER',
      'AUTH_AUDIENCE',
      'REDIS_URL',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
    ];
    expect([...ENV_VAR_NAMES].sort()).toEqual([...withDefaults, ...optional].sort());
  });
});
