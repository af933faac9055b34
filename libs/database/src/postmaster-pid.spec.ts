import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postmasterPidOf, removeStaleLockFiles } from './postmaster-pid';

describe('removeStaleLockFiles', () => {
  let pgData: string;
  const pidFile = () => join(pgData, 'postmaster.pid');
  const writePid = (pid: number) => writeFileSync(pidFile(), `${pid}\n${pgData}\n1765000000\n5432\n`);

  beforeEach(() => {
    pgData = mkdtempSync(join(tmpdir(), 'postmaster-pid-'));
  });
  afterEach(() => rmSync(pgData, { recursive: true, force: true }));

  it('does nothing without a PID file', () => {
    expect(postmasterPidOf(pgData)).toBeUndefined();
    expect(removeStaleLockFiles(pgData, pgData)).toEqual([]);
  });

  it("reads the postmaster's PID from the file's first line", () => {
    writePid(4_194_001);
    expect(postmasterPidOf(pgData)).toBe(4_194_001);
  });

  it('removes a file whose PID is gone', () => {
    writePid(4_194_000);
    expect(removeStaleLockFiles(pgData, pgData)).toEqual([4_194_000]);
    expect(existsSync(pidFile())).toBe(false);
  });

  it('removes a file whose PID now belongs to another live process (PIDs reused in a new container)', () => {
    writePid(process.pid);
    expect(removeStaleLockFiles(pgData, pgData)).toEqual([process.pid]);
    expect(existsSync(pidFile())).toBe(false);
  });

  it("removes the socket's lock file too when its PID is no server of this cluster", () => {
    writeFileSync(join(pgData, '.s.PGSQL.5432.lock'), `${process.pid}\n${pgData}\n`);
    expect(removeStaleLockFiles(pgData, pgData)).toEqual([process.pid]);
    expect(existsSync(join(pgData, '.s.PGSQL.5432.lock'))).toBe(false);
  });

  it('keeps a file whose PID is a live server of this cluster', async () => {
    // A process whose command line reads `… /bin/postgres -D <pgData>`, as the postmaster's does.
    const server = spawn('/bin/sh', ['-c', 'sleep 30', 'sh', '/opt/pg/bin/postgres', '-D', pgData]);
    await new Promise((resolve) => server.once('spawn', resolve));
    try {
      writePid(server.pid!);
      expect(removeStaleLockFiles(pgData, pgData)).toEqual([]);
      expect(existsSync(pidFile())).toBe(true);
    } finally {
      server.kill('SIGKILL');
    }
  });
});
