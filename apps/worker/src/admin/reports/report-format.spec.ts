import { reportsText } from './reports-text';
import { countsLine, dayIn, duration, percent, rangeOf, shareOf, shiftDay } from './report-format';

const ZH = reportsText('zh');
const EN = reportsText('en');

describe('report ranges', () => {
  it('takes the day in the business zone', () => {
    // 2026-11-23 17:30 UTC is 01:30 on the 24th in Shanghai.
    expect(dayIn(new Date('2026-11-23T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(dayIn(new Date('2026-11-23T17:30:00Z'), 'UTC')).toBe('2026-11-23');
  });

  it('counts today in each range', () => {
    expect(rangeOf('today', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(rangeOf('7', '2026-03-01')).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(rangeOf('30', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(rangeOf('90', '2026-03-01')).toEqual({ from: shiftDay('2026-03-01', -89), to: '2026-03-01' });
    expect(shiftDay('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('report figures', () => {
  it('writes durations in the unit a person reads', () => {
    expect(duration(null, ZH)).toBe('—');
    expect(duration(44.6, ZH)).toBe('45 秒');
    expect(duration(270, ZH)).toBe('4.5 分钟');
    expect(duration(1800, EN)).toBe('30 min');
    expect(duration(5400, EN)).toBe('1.5 h');
    expect(duration(3 * 86_400, ZH)).toBe('3 天');
  });

  it('writes shares and count lines', () => {
    expect(percent(0.6667, EN)).toBe('67%');
    expect(percent(null, EN)).toBe('—');
    expect(shareOf(1, 3, EN)).toBe('33%');
    expect(shareOf(0, 0, EN)).toBe('—');
    expect(countsLine({ a: 1, b: 3, c: 0 }, (k) => k.toUpperCase(), '—')).toBe('B 3 · A 1');
    expect(countsLine({}, (k) => k, '—')).toBe('—');
  });
});
