import type { LeadExportRow } from '../data/lead-export.repository';
import { csvCell, leadCsvColumns, leadCsvRow, phoneCell } from './lead-csv-format';

describe('csvCell', () => {
  it('leaves plain text alone', () => {
    expect(csvCell('张三')).toBe('张三');
    expect(csvCell('ACME Ltd')).toBe('ACME Ltd');
  });

  it('writes null and undefined as empty cells', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes dates as ISO-8601 and numbers as text', () => {
    expect(csvCell(new Date('2026-11-01T02:00:00Z'))).toBe('2026-11-01T02:00:00.000Z');
    expect(csvCell(42)).toBe('42');
  });

  it.each([
    ['a comma', 'a,b', '"a,b"'],
    ['quotes (doubled)', 'say "hi"', '"say ""hi"""'],
    ['a line break', '第一行\n第二行', '"第一行\n第二行"'],
    ['CRLF', 'a\r\nb', '"a\r\nb"'],
  ])('quotes a cell with %s', (_label, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  // A visitor's text must never run as a formula when sales open the export
  // in Excel or WPS (CSV injection).
  it.each([
    ['=HYPERLINK("http://evil.example","点我")', `"'=HYPERLINK(""http://evil.example"",""点我"")"`],
    ['=1+1', `"'=1+1"`],
    ['+86 138', `"'+86 138"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises a leading formula character in %p', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('does not neutralise a formula character in the middle', () => {
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('keeps trusted values (our own E.164 phones, ids) as they are', () => {
    expect(csvCell('+8613812345678', true)).toBe('+8613812345678');
  });
});

describe('phoneCell', () => {
  it('starts our E.164 numbers with a tab, so Excel and WPS keep them as text (no 8.61E+12)', () => {
    expect(phoneCell('+8613812345678')).toBe('\t+8613812345678');
    expect(csvCell(phoneCell('+8613812345678'), true)).toBe('\t+8613812345678');
  });

  it('neutralises anything that is not one of our numbers, and keeps no number as none', () => {
    expect(phoneCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(phoneCell('+86 138 1234 5678')).toBe("'+86 138 1234 5678");
    expect(phoneCell(null)).toBeNull();
  });
});

describe('leadCsvRow and leadCsvColumns', () => {
  const row: LeadExportRow = {
    id: 'd5f1',
    received_at: new Date('2026-11-01T02:00:00Z'),
    name: '张三',
    company: null,
    phone: '+8613812345678',
    email: null,
    requirement: '报价',
    task_status: 'done',
    assignee: 'li.na',
    due_at: new Date('2026-11-01T02:30:00Z'),
    note: '已报价 200 套,3 月 5 日回访',
    alert_status: 'sent',
    utm_source: null,
    utm_campaign: null,
    page: null,
    first_touch_at: null,
    first_touch_by: null,
    response_seconds: null,
    response_business_seconds: null,
    outcome: null,
  };
  const ctx = { lang: 'zh' as const, timeZone: 'Asia/Shanghai', names: new Map([['li.na', '李娜']]) };

  it('writes Beijing times, status words, the owner by name, the outcome note and the phone as text', () => {
    expect(leadCsvRow(row, ctx)).toMatchObject({
      received_at: '2026-11-01 10:00:00',
      due_at: '2026-11-01 10:30:00',
      task_status: '已完成',
      alert_status: '已发送',
      assignee: '李娜',
      note: '已报价 200 套,3 月 5 日回访',
      phone: '\t+8613812345678',
    });
    expect(leadCsvRow({ ...row, assignee: 'gone', task_status: null, alert_status: null }, ctx)).toMatchObject({
      assignee: 'gone',
      task_status: null,
      alert_status: null,
    });
  });

  it('heads each column with its words and its key, the times with their zone', () => {
    const headers = leadCsvColumns(ctx).map((c) => c.header);
    expect(headers).toContain('提交时间(北京时间) received_at');
    expect(headers).toContain('跟进结果/备注 note');
    expect(leadCsvColumns({ ...ctx, timeZone: 'Asia/Taipei' }).map((c) => c.header)).toContain('截止时间(Asia/Taipei) due_at');
  });

  describe("a form's export", () => {
    const custom = [
      {
        key: 'product',
        type: 'select' as const,
        label: { zh: '产品线', en: 'Product line' },
        options: [{ value: 'steel', label: { zh: '钢材', en: 'Steel' } }],
      },
      { key: 'qty', type: 'number' as const, label: { zh: '数量', en: 'Quantity' } },
      { key: 'note', type: 'text' as const, label: { zh: '=备注', en: 'Note' } },
    ];
    const formCtx = { ...ctx, custom };

    it("adds the form's questions as columns, after the lead's own, headed by their labels in the form's order", () => {
      const columns = leadCsvColumns(formCtx);
      expect(columns.slice(-3).map((c) => c.header)).toEqual(['产品线 product', '数量 qty', '=备注 note']);
      // No question shadows one of the lead's own columns, whatever its key.
      expect(columns.map((c) => c.key).filter((k) => k === 'note')).toHaveLength(1);
      expect(leadCsvColumns(ctx)).toHaveLength(columns.length - 3);
    });

    it('writes each answer in words under its question, nothing for an unanswered one', () => {
      const cells = leadCsvRow({ ...row, custom: { product: 'steel', qty: 200 } }, formCtx);
      const [product, qty, note] = leadCsvColumns(formCtx)
        .slice(-3)
        .map((c) => cells[c.key]);
      expect([product, qty, note]).toEqual(['钢材', '200', null]);
      expect(cells.note).toBe(row.note);
      expect(cells).not.toHaveProperty('custom');
    });
  });
});
