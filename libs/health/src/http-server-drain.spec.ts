import { AddressInfo } from 'node:net';
import { Agent, createServer, request, Server } from 'node:http';
import { HttpServerDrain } from './http-server-drain';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** A server whose /slow requests wait until `release()`. */
async function startServer() {
  const waiting: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const answer = () => res.end(`done ${req.url}`);
    if (req.url === '/slow') waiting.push(answer);
    else answer();
  });
  const drain = new HttpServerDrain(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true });
  const get = (path: string) =>
    new Promise<Answer>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
      })
        .on('error', reject)
        .end();
    });
  const release = () => waiting.splice(0).forEach((answer) => answer());
  const waitingCount = () => waiting.length;
  return { server, drain, get, release, waitingCount, agent };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
};

describe('HttpServerDrain', () => {
  it('keeps connections alive until closing, then asks every client to close its connection', async () => {
    const { drain, get, agent, server } = await startServer();
    expect((await get('/a')).connection).toBe('keep-alive');
    drain.closeConnectionsAfterResponses();
    expect(await get('/b')).toEqual({ status: 200, connection: 'close', body: 'done /b' });
    agent.destroy();
    expect(await drain.close(1_000)).toBe(true);
    expect(server.listening).toBe(false);
  });

  it('counts requests in flight, lets them finish after the listener closed, and refuses new connections', async () => {
    const { drain, get, release, waitingCount, agent } = await startServer();
    const slow = [get('/slow'), get('/slow')];
    await until(() => waitingCount() === 2);
    expect(drain.inFlight).toBe(2);

    const closed = drain.close(5_000);
    await expect(get('/new')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    release();
    expect(await Promise.all(slow)).toEqual([
      { status: 200, connection: 'close', body: 'done /slow' },
      { status: 200, connection: 'close', body: 'done /slow' },
    ]);
    expect(await closed).toBe(true);
    expect(drain.inFlight).toBe(0);
    agent.destroy();
  });

  it('closes idle keep-alive connections, and forces the rest after the timeout', async () => {
    const { drain, get, waitingCount, agent } = await startServer();
    await get('/idle-afterwards'); // leaves one idle keep-alive connection
    const stuck = get('/slow').catch((error: NodeJS.ErrnoException) => error.code);
    await until(() => waitingCount() === 1);
    const started = Date.now();
    expect(await drain.close(400)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(await stuck).toBe('ECONNRESET');
    agent.destroy();
  });
});
