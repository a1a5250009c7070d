import type { Queue } from 'bullmq';
import type { DatabaseProbe } from '../database/database-probe.service';
import type { MailTransport } from '../notify/mail-transport.service';
import type { WorkerSupervisor } from '../queue/worker-supervisor.service';
import { WorkerHealth } from './worker-health.service';

describe('WorkerHealth', () => {
  let redisReady: boolean;
  let postgres: 'up' | 'down';
  let stopped: string[];

  const queue = () =>
    ({
      getBackend: () => ({ client: Promise.resolve({ status: redisReady ? 'ready' : 'reconnecting', get: async () => null }) }),
    }) as unknown as Queue;
  const db = () => ({ state: async () => postgres }) as unknown as DatabaseProbe;
  const mail = { state: 'failing' } as MailTransport;
  const supervisor = () => ({ stalledConsumers: () => stopped }) as unknown as WorkerSupervisor;

  beforeEach(() => {
    redisReady = true;
    postgres = 'up';
    stopped = [];
  });

  it('is ok with Redis and Postgres up and every consumer running, whatever SMTP says', async () => {
    expect(await new WorkerHealth(queue(), db(), mail, supervisor()).check()).toEqual({
      ok: true,
      body: { status: 'ok', checks: { redis: 'up', postgres: 'up', smtp: 'failing', consumers: 'running' } },
    });
  });

  it('is unavailable when Redis or Postgres is down, or a consumer stopped', async () => {
    redisReady = false;
    expect((await new WorkerHealth(queue(), db(), mail, supervisor()).check()).body).toMatchObject({
      status: 'unavailable',
      checks: { redis: 'down' },
    });
    redisReady = true;
    postgres = 'down';
    expect((await new WorkerHealth(queue(), db(), mail, supervisor()).check()).ok).toBe(false);
    postgres = 'up';
    stopped = ['lead-intake'];
    expect((await new WorkerHealth(queue(), db(), mail, supervisor()).check()).body).toMatchObject({
      status: 'unavailable',
      checks: { consumers: { stopped: ['lead-intake'] } },
    });
  });

  it("reports an admin-only process's consumers as off, without failing", async () => {
    const report = await new WorkerHealth(queue(), db(), mail).check();
    expect(report).toMatchObject({ ok: true, body: { checks: { consumers: 'off' } } });
  });
});
