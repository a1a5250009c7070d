/**
 * Promise 1: with Redis unreachable the gateway says so at once (503 +
 * Retry-After), never hangs and never answers 202; when Redis is back it
 * accepts again without a restart.
 *
 * The gateway talks to Redis through a TCP relay owned by the test: relay
 * closed = Redis down (the port refuses connections), relay open = Redis up.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { BROWSER_ACCEPT, get, postForm, postJson } from '../support/http';
import { freePort } from '../support/ports';
import { REDIS_URL } from '../support/redis';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

class TcpRelay {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: URL,
  ) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 6379), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  /** Refuse new connections and cut the live ones, as a dead Redis would. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// Starting the apps takes seconds; jest's 5 s default is for unit tests.
jest.setTimeout(60_000);

let stack: Stack;
let relay: TcpRelay;

beforeAll(async () => {
  relay = new TcpRelay(await freePort(), new URL(REDIS_URL));
  stack = await startStack({
    worker: false,
    gatewayEnv: { REDIS_URL: `redis://127.0.0.1:${relay.port}` },
    // It must come up (and say it is not ready) even though Redis is down.
    gatewayReady: (status) => status === 503 || status === 200,
  });
});

afterAll(async () => {
  await relay?.close();
  await stack?.stop();
});

// "Within a couple of seconds": each request has a hard deadline; a hang fails it.
const FAST = { timeoutMs: 3500 };

async function expectUnavailable() {
  const res = await postJson(stack.leadsUrl, validLead(), FAST);
  expect(res.status).toBe(503);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);

  const health = await get(`${stack.gatewayUrl}/health`, FAST);
  expect(health.status).toBe(503);
  expect(health.json().checks.redis).not.toBe('up');
}

it('answers a lead with 503 and Retry-After, and /health with 503, while Redis is unreachable', async () => {
  await expectUnavailable();
  // Not a one-off: a second attempt fails just as fast.
  await expectUnavailable();
});

it('gives a browser a 503 page, not a redirect to the thank-you page', async () => {
  const res = await postForm(stack.leadsUrl, validLead() as Record<string, string>, {
    ...FAST,
    headers: { accept: BROWSER_ACCEPT, 'accept-language': 'zh-CN' },
  });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBeTruthy();
  expect(res.headers.get('location')).toBeNull();
});

it('still validates input while Redis is down (400 stays 400)', async () => {
  const res = await postJson(stack.leadsUrl, { name: '' }, FAST);
  expect(res.status).toBe(400);
});

it('accepts again once Redis is back, without a restart, and the job is really in Redis', async () => {
  await relay.open();
  const accepted = await waitFor(
    async () => {
      const res = await postJson(stack.leadsUrl, validLead(), FAST);
      if (res.status === 202) return res;
      expect(res.status).toBe(503);
      return null;
    },
    20000,
    'the gateway to accept a lead after Redis came back',
  );
  const { id } = accepted.json();
  const job = await stack.queue('lead-intake').getJob(id);
  expect(job?.data.id).toBe(id);
  expect((await get(`${stack.gatewayUrl}/health`, FAST)).status).toBe(200);
});

it('goes back to 503 when Redis disappears again', async () => {
  await relay.close();
  await waitFor(
    async () => (await get(`${stack.gatewayUrl}/health`, FAST)).status === 503,
    10000,
    '/health to report Redis down',
  );
  await expectUnavailable();
});
