import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { ExportFilter, LeadExportRow } from '../data/lead-export.repository';
import { parseExportFilter } from './lead-csv-filter';
import { EXPORT_BATCH, exportRows, leadCsvStream } from './lead-csv-stream';

const row = (i: number): LeadExportRow => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  received_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  name: `客户${i}`,
  company: null,
  phone: null,
  email: `c${i}@example.com`,
  requirement: 'x'.repeat(200),
  task_status: 'open',
  assignee: null,
  due_at: null,
  note: null,
  alert_status: 'sent',
  utm_source: null,
  utm_campaign: null,
  page: null,
  first_touch_at: null,
  first_touch_by: null,
  response_seconds: null,
  response_business_seconds: null,
  outcome: null,
});

/**
 * A table of `total` leads read a batch at a time, as the repository does:
 * counts batches asked for and those still running (a running batch is a
 * pool client in use).
 */
function fakeTable(total: number) {
  const calls: { after: string | null; filter: ExportFilter }[] = [];
  let running = 0;
  const source = {
    get running() {
      return running;
    },
    calls,
    async batch(filter: ExportFilter, after: string | null, limit: number): Promise<LeadExportRow[]> {
      calls.push({ after, filter });
      running++;
      await new Promise((r) => setImmediate(r));
      running--;
      const start = after === null ? 0 : Number(after.slice(-12)) + 1;
      return Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => row(start + i));
    },
  };
  return source;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

const ctx = { lang: 'zh' as const, timeZone: 'Asia/Shanghai', names: new Map<string, string>() };
const stream = (table: ReturnType<typeof fakeTable>, onCut = jest.fn()) => leadCsvStream(table, ALL, ctx, onCut);

const ALL: ExportFilter = { from: null, to: null, form: null, owner: null };

describe('exportRows', () => {
  it('reads batch after batch, each after the last row of the one before, and stops at a short batch', async () => {
    const table = fakeTable(2 * 3 + 1);
    const ids: string[] = [];
    for await (const r of exportRows(table, ALL, 3)) ids.push(r.id);
    expect(ids).toHaveLength(7);
    expect(table.calls.map((c) => c.after)).toEqual([null, row(2).id, row(5).id]);
  });

  it('passes the filter to every batch', async () => {
    const table = fakeTable(5);
    const filter = { ...ALL, form: 'quote', owner: 'li.na' };
    for await (const _ of exportRows(table, filter, 2)) void _;
    expect(table.calls.every((c) => c.filter === filter)).toBe(true);
  });
});

describe('leadCsvStream', () => {
  it('asks for no more batches while the client does not read (backpressure)', async () => {
    const table = fakeTable(EXPORT_BATCH * 50);
    const csv = stream(table);
    await settle();
    // What the stream buffers ahead of a client that reads nothing: a batch or two, not the table.
    expect(table.calls.length).toBeLessThanOrEqual(2);
    expect(table.running).toBe(0);
    csv.destroy();
  });

  it('holds no query and asks for nothing more once a paused client leaves mid-stream', async () => {
    const table = fakeTable(EXPORT_BATCH * 50);
    const csv = stream(table);
    csv.read();
    await settle();
    csv.pause();
    const asked = table.calls.length;
    csv.destroy();
    await settle();
    expect(table.running).toBe(0);
    expect(table.calls.length).toBe(asked);
  });

  it('streams every row to a client that reads, with the header first', async () => {
    const table = fakeTable(EXPORT_BATCH + 10);
    const csv = stream(table);
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    csv.pipe(sink);
    await once(sink, 'finish');
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(EXPORT_BATCH + 10 + 1);
    expect(lines[0]).toContain('received_at');
    expect(table.calls).toHaveLength(2);
  });
});

describe('parseExportFilter', () => {
  it('reads the form and the owner (logins are lower case)', () => {
    expect(parseExportFilter({ form: 'quote', owner: 'Li.Na' }, 'Asia/Shanghai')).toMatchObject({
      form: 'quote',
      owner: 'li.na',
    });
    expect(parseExportFilter({}, 'Asia/Shanghai')).toEqual(ALL);
  });

  it("reads bare dates as the business day's bounds, `to` including its whole day, with a form", () => {
    expect(parseExportFilter({ form: 'quote', from: '2026-03-01', to: '2026-03-01' }, 'Asia/Shanghai')).toMatchObject({
      form: 'quote',
      from: new Date('2026-02-28T16:00:00Z'),
      to: new Date('2026-03-01T16:00:00Z'),
    });
  });

  it.each([
    ['form', { form: 'Not A Slug' }],
    ['form', { form: ['a', 'b'] }],
    ['owner', { owner: 'a\u0000b' }],
    ['from', { from: '2025-02-30' }],
    ['to', { from: '2026-03-02', to: '2026-03-01' }],
    ['to', { from: '2026-03-01T10:00:00+08:00', to: '2026-03-01T10:00:00+08:00' }],
  ])('refuses a bad %s with a field error', (field, query) => {
    expect(() => parseExportFilter(query, 'Asia/Shanghai')).toThrow(expect.objectContaining({ field }));
  });
});
