// Imported first by main.ts: OpenTelemetry patches http, express and pg as they are loaded, so it
// must start before the app is. Off (nothing loaded) unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { startTracing } from '@app/observability';
import { parseEnv } from './config/env.schema';
import { InvalidConfigError } from './errors/invalid-config.error';
import { isQuietPath } from './operational-routes';

try {
  const config = parseEnv(process.env);
  startTracing({
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: config.OTEL_SERVICE_NAME,
    isIgnored: isQuietPath,
  });
} catch (error) {
  // main.ts reports a bad configuration and exits.
  if (!(error instanceof InvalidConfigError)) throw error;
}
