import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock } from './data-dir-lock';
import { DataDirInUseError } from './errors/data-dir-in-use.error';

describe('DataDirLock', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'lock-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second holder, naming the directory and the holder', async () => {
    const lock = await DataDirLock.acquire(dataDir);
    const second = DataDirLock.acquire(dataDir);
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(`DATA_DIR ${dataDir} is in use by another process (pid ${process.pid})`);
    await lock.release();
  });

  it('is free again once released, and leaves no file behind', async () => {
    await (await DataDirLock.acquire(dataDir)).release();
    expect(existsSync(join(dataDir, DataDirLock.FILE))).toBe(false);
    await (await DataDirLock.acquire(dataDir)).release();
  });

  it('takes over a lock file nobody listens on (left by a process killed with -9)', async () => {
    writeFileSync(join(dataDir, DataDirLock.FILE), '');
    const lock = await DataDirLock.acquire(dataDir);
    await expect(DataDirLock.acquire(dataDir)).rejects.toBeInstanceOf(DataDirInUseError);
    await lock.release();
  });

  it('creates a DATA_DIR that does not exist yet', async () => {
    const nested = join(dataDir, 'new');
    await (await DataDirLock.acquire(nested)).release();
    expect(existsSync(nested)).toBe(true);
  });
});
