import { MAX_REPORT_DAYS, parseReportRange } from './report-range';

describe('parseReportRange', () => {
  it('lists every day of the range', () => {
    expect(parseReportRange('2026-02-27', '2026-03-02')).toEqual({
      from: '2026-02-27',
      to: '2026-03-02',
      days: ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'],
    });
    expect(parseReportRange('2026-11-23', '2026-11-23')).toMatchObject({ days: ['2026-11-23'] });
  });

  it('refuses missing, malformed and impossible days', () => {
    for (const [from, to] of [
      [undefined, '2026-11-01'],
      ['2026-11-01', undefined],
      ['2026-11-1', '2026-11-02'],
      ['2026-02-30', '2026-03-01'],
      ['yesterday', 'today'],
      [['2026-11-01'], '2026-11-02'],
      ['2026-11-01T00:00:00Z', '2026-11-02'],
    ]) {
      expect(parseReportRange(from, to)).toHaveProperty('problem');
    }
  });

  it('refuses a backwards or too long range', () => {
    expect(parseReportRange('2026-11-02', '2026-11-01')).toEqual({ problem: 'from must not be after to' });
    expect(parseReportRange('2025-01-01', '2026-01-01')).toHaveProperty('days');
    expect(parseReportRange('2025-01-01', '2026-01-02')).toEqual({ problem: `a report covers at most ${MAX_REPORT_DAYS} days` });
  });
});
