/** A configuration value the service cannot run with: start-up stops, naming the variable. */
export class InvalidConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'InvalidConfigError';
  }
}
