import { NotFoundException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { CustomField } from '@app/contracts';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import { BusinessCalendar } from '../data/business-calendar';
import { parseBusinessHours } from '../data/business-hours';
import type { ExportFilter, LeadExportRepository, LeadExportRow } from '../data/lead-export.repository';
import { LeadCsvService } from './lead-csv.service';
import { FieldError } from './query-input';

function row(overrides: Partial<LeadExportRow> = {}): LeadExportRow {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    received_at: new Date('2026-03-02T01:30:00Z'),
    name: '张三',
    company: null,
    phone: '+8613800138000',
    email: 'z@example.com',
    requirement: '报价',
    task_status: 'open',
    assignee: 'li',
    due_at: new Date('2026-03-02T02:00:00Z'),
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
    ...overrides,
  };
}

/** RFC 4180 records: quoted cells may hold commas, quotes ("") and line breaks. */
function parse(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted && c === '"' && csv[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      record.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && csv[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  if (cell || record.length) records.push([...record, cell]);
  return records;
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

const QTY: CustomField = { key: 'qty', type: 'number', label: { zh: '采购数量', en: 'Quantity' } } as CustomField;

describe('LeadCsvService', () => {
  let rows: LeadExportRow[];
  let batches: { filter: ExportFilter; after: string | null; limit: number }[];
  /** The first batch starting at or past this row fails, as a connection lost mid-export. */
  let failAfter: number | null;
  let logger: ReturnType<typeof fakeLogger>;
  let service: LeadCsvService;

  beforeEach(() => {
    rows = [];
    batches = [];
    failAfter = null;
    logger = fakeLogger();
    const exports = {
      // As the SQL: the rows after `after`, at most `limit` (the filter itself is the SQL's, tested end to end).
      batch: async (filter: ExportFilter, after: string | null, limit: number) => {
        batches.push({ filter, after, limit });
        const start = after === null ? 0 : rows.findIndex((r) => r.id === after) + 1;
        if (failAfter !== null && start >= failAfter) throw new Error('connection reset');
        return rows.slice(start, start + limit);
      },
      customColumns: async (slug: string) => (slug === 'quote' ? [QTY] : null),
    };
    service = new LeadCsvService(
      exports as unknown as LeadExportRepository,
      new InMemoryStaff(aMember('li', { displayName: '李雷' })).asRepository(),
      new BusinessCalendar(parseBusinessHours('Mon-Fri 09:00-18:00 Asia/Shanghai'), 30),
      logger,
    );
  });

  const all = () => service.filterOf({});

  it('writes a BOM, a header of words and keys, and one row per lead in words a person reads', async () => {
    rows = [row(), row({ id: '00000000-0000-4000-8000-000000000002', assignee: 'gone-login', task_status: 'done' })];
    const csv = await text(await service.export(all()));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    const [header, first, second] = parse(csv.slice(1));
    expect(header[0]).toMatch(/ id$/);
    expect(header[1]).toMatch(/北京时间.* received_at$/);
    const col = (name: string) => header.findIndex((h) => h.endsWith(` ${name}`));
    // Beijing time, the owner's name (a login nobody has any more stays a login), the phone kept as text.
    expect(first[col('received_at')]).toBe('2026-03-02 09:30:00');
    expect(first[col('assignee')]).toBe('李雷');
    expect(second[col('assignee')]).toBe('gone-login');
    expect(first[col('phone')]).toBe('\t+8613800138000');
    expect(first[col('task_status')]).not.toBe('open');
  });

  it("neutralises a visitor's formula so a spreadsheet shows it as text", async () => {
    rows = [row({ name: '=HYPERLINK("http://evil")', company: '+1+1' })];
    const csv = await text(await service.export(all()));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`'+1+1`);
  });

  it('reads bare dates as business days, a bare `to` including its whole day, and hands the filter to every batch', async () => {
    const filter = service.filterOf({ from: '2026-03-01', to: '2026-03-02', owner: 'LI' });
    expect(filter).toEqual({
      from: new Date('2026-02-28T16:00:00Z'),
      to: new Date('2026-03-02T16:00:00Z'),
      form: null,
      owner: 'li',
    });
    await text(await service.export(filter));
    expect(batches.map((b) => b.filter)).toEqual([filter]);
  });

  it('refuses a bad date or form (a 400 naming the field) before anything is read', () => {
    const refused = (query: Record<string, unknown>) => {
      try {
        service.filterOf(query);
      } catch (err) {
        return err instanceof FieldError ? err.field : err;
      }
      return null;
    };
    expect(refused({ from: '2026-02-30' })).toBe('from');
    expect(refused({ to: 'tomorrow' })).toBe('to');
    expect(refused({ form: '../etc' })).toBe('form');
    expect(batches).toEqual([]);
  });

  it("adds a form's questions as columns, and answers 404 for a form that does not exist", async () => {
    rows = [row({ custom: { qty: 200 } })];
    const [header, first] = parse((await text(await service.export(service.filterOf({ form: 'quote' })))).slice(1));
    const qty = header.findIndex((h) => h === '采购数量 qty');
    expect(qty).toBeGreaterThan(0);
    expect(first[qty]).toBe('200');
    await expect(service.export(service.filterOf({ form: 'nope' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('cuts the stream and logs why when Postgres fails mid-export', async () => {
    rows = Array.from({ length: 500 }, (_, i) => row({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
    failAfter = 250;
    await expect(text(await service.export(all()))).rejects.toThrow('connection reset');
    expect(logger.warn).toHaveBeenCalledWith({ err: 'connection reset' }, 'lead export cut short');
  });
});
