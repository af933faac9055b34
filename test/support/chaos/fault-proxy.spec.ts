import { createServer, Server, connect } from 'node:net';
import { FaultProxy, startFaultProxy } from './fault-proxy';

// The fault proxy really injects its faults: a round trip through it is slower by the latency, and
// a cut refuses new connections and drops open ones until restored.

let echo: Server;
let proxy: FaultProxy;

beforeAll(async () => {
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  proxy = await startFaultProxy({ host: '127.0.0.1', port: (echo.address() as { port: number }).port });
});
afterAll(async () => {
  proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

/** Milliseconds for "ping" to come back through the proxy, or the connection error's code. */
function roundTrip(): Promise<number | string> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(proxy.port, '127.0.0.1', () => socket.write('ping'));
    socket.once('data', () => {
      resolve(Date.now() - started);
      socket.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

it('passes traffic through untouched by default', async () => {
  expect(typeof (await roundTrip())).toBe('number');
});

it('delays what the server sends by the latency set', async () => {
  proxy.setLatency(200);
  try {
    expect(await roundTrip()).toBeGreaterThanOrEqual(200);
  } finally {
    proxy.setLatency(0);
  }
});

it('refuses connections while cut, drops open ones, and serves again once restored', async () => {
  const open = connect(proxy.port, '127.0.0.1');
  await new Promise((resolve) => open.once('connect', resolve));
  const closed = new Promise((resolve) => open.once('close', resolve));
  proxy.cut();
  await closed;
  expect(await roundTrip()).toBe('ECONNREFUSED');
  await proxy.restore();
  expect(typeof (await roundTrip())).toBe('number');
});
