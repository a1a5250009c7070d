import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LeadLoad } from '../support/lead-load';

/**
 * Proves the load generator against a scripted stand-in for the gateway (no
 * apps, no Redis): a 503 window with Retry-After, idempotent retries, slow
 * answers counted as hangs, and the summary an HA test asserts on.
 */
jest.setTimeout(60000);

interface FakeGateway {
  url: string;
  server: Server;
  /** Idempotency-Key -> id, like the real gateway's contract. */
  ids: Map<string, string>;
  bodies: unknown[];
}

/** Answers 503 (Retry-After: 1) while `down()` is true, 202 otherwise; `delayMs()` slows every answer. */
async function fakeGateway(down: () => boolean, delayMs: () => number = () => 0): Promise<FakeGateway> {
  const ids = new Map<string, string>();
  const bodies: unknown[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      setTimeout(() => {
        bodies.push(JSON.parse(raw));
        if (down()) {
          res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"status":"unavailable"}');
          return;
        }
        const key = String(req.headers['idempotency-key']);
        if (!ids.has(key)) ids.set(key, randomUUID());
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: ids.get(key), status: 'queued' }));
      }, delayMs());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/leads`, server, ids, bodies };
}

const close = (g: FakeGateway) => new Promise((r) => g.server.close(r));

describe('LeadLoad', () => {
  it('posts valid leads in lanes and records every 202 with its time', async () => {
    const a = await fakeGateway(() => false);
    const b = await fakeGateway(() => false);
    try {
      const load = new LeadLoad({ urls: [a.url, b.url], concurrency: 3, durationMs: 500 });
      const summary = await load.run();
      expect(summary.accepted).toBeGreaterThan(10);
      expect(summary.accepted).toBe(summary.leads);
      expect(summary.status).toEqual({ 202: summary.attempts });
      expect(summary.unanswered).toBe(0);
      // Round-robin: both gateways took a share.
      expect(a.ids.size).toBeGreaterThan(0);
      expect(b.ids.size).toBeGreaterThan(0);
      expect(a.bodies[0]).toMatchObject({ name: expect.any(String), requirement: expect.stringMatching(/^ha lead #/) });
    } finally {
      await Promise.all([close(a), close(b)]);
    }
  });

  it('retries a 503 after Retry-After with the same Idempotency-Key, and finds when service resumed', async () => {
    const downUntil = Date.now() + 700;
    const g = await fakeGateway(() => Date.now() < downUntil);
    try {
      const load = new LeadLoad({ urls: [g.url], ratePerSecond: 20, durationMs: 1000, retry503: { attempts: 3 } });
      const summary = await load.run();
      expect(summary.unavailable).toBeGreaterThan(0);
      expect(summary.retryAfter).toEqual(['1']);
      // Every lead refused during the outage got its 202 on a retry, under its first key.
      expect(summary.unanswered).toBe(0);
      expect(summary.accepted).toBe(summary.leads);
      const retried = load.attempts.filter((x) => x.attempt > 1);
      expect(retried.length).toBeGreaterThan(0);
      for (const r of retried) expect(load.attempts.find((x) => x.seq === r.seq && x.attempt === 1)?.key).toBe(r.key);
      const resumed = load.firstAcceptedAfter(downUntil);
      expect(resumed).toBeDefined();
      expect(resumed!.at).toBeGreaterThanOrEqual(downUntil);
      expect(load.firstAcceptedAfter(0)!.at).toBeGreaterThanOrEqual(downUntil - 50);
    } finally {
      await close(g);
    }
  });

  it('counts slow answers as hangs, aborted ones as errors, and reports the worst latency', async () => {
    let slow = 300;
    const g = await fakeGateway(
      () => false,
      () => slow,
    );
    try {
      const load = new LeadLoad({ urls: [g.url], concurrency: 2, durationMs: 400, hangMs: 200, timeoutMs: 1000 });
      const summary = await load.run();
      expect(summary.hangs).toBe(summary.attempts);
      expect(summary.maxLatencyMs).toBeGreaterThanOrEqual(300);
      slow = 1500;
      const aborted = await new LeadLoad({ urls: [g.url], concurrency: 1, durationMs: 100, timeoutMs: 500 }).run();
      expect(aborted.errors).toBe(1);
      expect(aborted.unanswered).toBe(1);
    } finally {
      await close(g);
    }
  });

  it('stops early when until() turns true or stop() is called', async () => {
    const g = await fakeGateway(() => false);
    try {
      let n = 0;
      const load = new LeadLoad({ urls: [g.url], concurrency: 1, durationMs: 10000, until: () => ++n > 5 });
      const started = Date.now();
      expect((await load.run()).leads).toBe(5);
      const stopped = new LeadLoad({ urls: [g.url], ratePerSecond: 50, durationMs: 10000 });
      setTimeout(() => stopped.stop(), 200);
      await stopped.run();
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await close(g);
    }
  });
});
