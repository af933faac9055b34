export * from './health.module';
export * from './health.options';
export * from './readiness.indicator';
export * from './health-status.metric';
export * from './shutdown-sequencer';
export * from './http-server-drain';
export * from './service-lifecycle';
