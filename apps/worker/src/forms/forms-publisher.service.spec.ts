import type { Redis } from 'ioredis';
import { formsChangedChannel, formsSnapshotKey } from '@app/contracts';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import type { FormRepository } from '../data/form.repository';
import { FormsPublisher } from './forms-publisher.service';

/** What the publisher asks Redis; the script's "only newer" rule runs against Redis in the forms e2e spec. */
describe('FormsPublisher', () => {
  let evals: unknown[][];
  let written: number | Error;
  let logger: ReturnType<typeof fakeLogger>;
  let publisher: FormsPublisher;

  beforeEach(() => {
    evals = [];
    written = 1;
    logger = fakeLogger();
    const redis = {
      status: 'ready',
      eval: async (...args: unknown[]) => {
        evals.push(args);
        if (written instanceof Error) throw written;
        return written;
      },
      quit: jest.fn(async () => 'OK'),
      disconnect: jest.fn(),
    };
    const forms = { snapshot: async () => ({ revision: 17, forms: [{ slug: 'quote', version: 3 }] }) };
    publisher = new FormsPublisher(forms as unknown as FormRepository, redis as unknown as Redis, 'leads', logger);
  });

  it('writes the snapshot under the prefix with its revision first, and the change channel', async () => {
    expect(await publisher.publish()).toBe(true);
    const [, keys, key, revision, json, channel] = evals[0];
    expect([keys, key, revision, channel]).toEqual([1, formsSnapshotKey('leads'), 17, formsChangedChannel('leads')]);
    expect(json).toBe('{"revision":17,"forms":[{"slug":"quote","version":3}]}');
  });

  it('says false when Redis holds a newer snapshot', async () => {
    written = 0;
    expect(await publisher.publish()).toBe(false);
  });

  it('publishes quietly: a Redis failure is logged, never thrown (the next change or minute retries)', async () => {
    written = new Error('READONLY');
    await expect(publisher.publishQuietly()).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith({ err: 'READONLY' }, 'forms snapshot not published');
    written = 1;
    await publisher.publishQuietly();
    expect(logger.info).toHaveBeenCalledWith('forms snapshot published');
  });
});
