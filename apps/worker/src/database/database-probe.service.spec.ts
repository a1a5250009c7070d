import type { DataSource } from 'typeorm';
import { DatabaseProbe } from './database-probe.service';

describe('DatabaseProbe', () => {
  const probe = (query: () => Promise<unknown>) => new DatabaseProbe({ query } as unknown as DataSource);

  it('says up when Postgres answers SELECT 1', async () => {
    const query = jest.fn(async () => [{ '?column?': 1 }]);
    expect(await probe(query).state(50)).toBe('up');
    expect(query).toHaveBeenCalledWith('SELECT 1');
  });

  it('says down when the query fails or does not answer in time', async () => {
    expect(await probe(async () => Promise.reject(new Error('ECONNREFUSED'))).state(50)).toBe('down');
    expect(await probe(() => new Promise(() => undefined)).state(10)).toBe('down');
  });
});
