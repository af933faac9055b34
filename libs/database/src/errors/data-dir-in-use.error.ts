/** Another live process already serves this DATA_DIR. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: string,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another process (${holder}): ` + 'stop it, or give this one its own DATA_DIR',
    );
    this.name = 'DataDirInUseError';
  }
}
