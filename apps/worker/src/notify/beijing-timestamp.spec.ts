import { BEIJING_TIME_ZONE } from '@app/contracts';
import { beijingTimestamp } from './beijing-timestamp';

const intl = {
  zh: new Intl.DateTimeFormat('zh-CN', { timeZone: BEIJING_TIME_ZONE, dateStyle: 'medium', timeStyle: 'medium', hour12: false }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: BEIJING_TIME_ZONE, dateStyle: 'medium', timeStyle: 'medium', hour12: false }),
};

describe('beijingTimestamp', () => {
  it('writes what Intl writes for Asia/Shanghai, across days, months, years and midnight', () => {
    // A fixed pseudo-random walk (reproducible) over 1992-2099, plus the edges around midnight in Beijing.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const from = Date.UTC(1992, 0, 1);
    const to = Date.UTC(2099, 11, 31);
    const dates = Array.from({ length: 5000 }, () => new Date(from + Math.floor(next() * (to - from))));
    dates.push(new Date('2026-12-31T15:59:59.999Z'), new Date('2026-12-31T16:00:00Z'), new Date('2028-02-28T16:00:00Z'));
    for (const d of dates) {
      expect(beijingTimestamp(d, 'zh')).toBe(intl.zh.format(d));
      expect(beijingTimestamp(d, 'en')).toBe(intl.en.format(d));
    }
  });

  it('shows the Beijing date, not the UTC one, in the evening UTC', () => {
    expect(beijingTimestamp(new Date('2026-12-01T17:05:09Z'), 'zh')).toBe('2026年12月2日 01:05:09');
    expect(beijingTimestamp(new Date('2026-12-01T17:05:09Z'), 'en')).toBe('2 Dec 2026, 01:05:09');
  });
});
