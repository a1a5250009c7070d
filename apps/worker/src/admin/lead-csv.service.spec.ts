import type { Readable } from 'node:stream';
import { fakeLogger } from '../../../../test/unit-fakes/logger.fake';
import { aMember, InMemoryStaff } from '../../../../test/unit-fakes/staff.fake';
import { BusinessCalendar } from '../data/business-calendar';
import { parseBusinessHours } from '../data/business-hours';
import type { LeadExportRow, LeadRepository, ReceivedRange } from '../data/lead.repository';
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

describe('LeadCsvService', () => {
  let rows: LeadExportRow[];
  let ranges: ReceivedRange[];
  let failAfter: number | null;
  let logger: ReturnType<typeof fakeLogger>;
  let service: LeadCsvService;

  beforeEach(() => {
    rows = [];
    ranges = [];
    failAfter = null;
    logger = fakeLogger();
    const leads = {
      exportRows: async function* (range: ReceivedRange) {
        ranges.push(range);
        for (const [i, r] of rows.entries()) {
          if (failAfter !== null && i >= failAfter) throw new Error('connection reset');
          yield r;
        }
      },
    };
    service = new LeadCsvService(
      leads as unknown as LeadRepository,
      new InMemoryStaff(aMember('li', { displayName: '李雷' })).asRepository(),
      new BusinessCalendar(parseBusinessHours('Mon-Fri 09:00-18:00 Asia/Shanghai'), 30),
      logger,
    );
  });

  it('writes a BOM, a header of words and keys, and one row per lead in words a person reads', async () => {
    rows = [row(), row({ id: '00000000-0000-4000-8000-000000000002', assignee: 'gone-login', task_status: 'done' })];
    const csv = await text(service.export(undefined, undefined));
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
    const csv = await text(service.export(undefined, undefined));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`'+1+1`);
  });

  it('reads bare dates as business days, a bare `to` including its whole day', async () => {
    await text(service.export('2026-03-01', '2026-03-02'));
    expect(ranges).toEqual([{ from: new Date('2026-02-28T16:00:00Z'), to: new Date('2026-03-02T16:00:00Z') }]);
  });

  it('refuses a bad date (a 400 naming the field) before anything is read', () => {
    const refused = (from: unknown, to: unknown) => {
      try {
        service.export(from, to);
      } catch (err) {
        return err instanceof FieldError ? err.field : err;
      }
      return null;
    };
    expect(refused('2026-02-30', undefined)).toBe('from');
    expect(refused(undefined, 'tomorrow')).toBe('to');
    expect(ranges).toEqual([]);
  });

  it('cuts the stream and logs why when Postgres fails mid-export', async () => {
    rows = [row(), row(), row()];
    failAfter = 1;
    await expect(text(service.export(undefined, undefined))).rejects.toThrow('connection reset');
    expect(logger.warn).toHaveBeenCalledWith({ err: 'connection reset' }, 'lead export cut short');
  });
});
