import { csvCell } from './lead-csv-format';

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
