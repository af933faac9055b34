import { apiKeysOf } from '../../apps/api/src/config/api-keys';
import { ENV_VAR_NAMES, parseEnv, type AppConfig } from '../../apps/api/src/config/env.schema';

// What the running service really offers, for the manifests to be checked against. The variables,
// their defaults and validation come from the app's own config schema; app-endpoints.spec.ts proves
// the real app serves these paths; the image runs as 1000:1000 (Dockerfile `USER 1000:1000`).

export const APP_ENV_VAR_NAMES: readonly string[] = ENV_VAR_NAMES;

export const LIVENESS_PATH = '/health';
export const READINESS_PATH = '/ready';
export const METRICS_PATH = '/metrics';
export const MIGRATE_COMMAND = ['node', 'dist/apps/api/src/migrate.js'];
export const APP_UID = 1000;
export const APP_GID = 1000;
export const API_NAME = 'book-library-api';

/** The configuration the app would run with, given these variables (schema defaults for the rest). */
export function effectiveConfig(env: Record<string, string>): AppConfig {
  return parseEnv(env);
}

/** The keys the app would accept from an API_KEYS_FILE with this content (throws as the app's start-up would). */
export function apiKeysFromFile(config: AppConfig, content: string): string[] {
  return apiKeysOf(config, () => content);
}
