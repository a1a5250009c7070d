import { BusinessCalendar } from '../data/business-calendar';
import { parseBusinessHours } from '../data/business-hours';
import { addDays, lastClosedDay, reportBasis, runsOf, zoneDay } from './report-days';

describe('report days', () => {
  it('reads the day of an instant in the zone', () => {
    expect(zoneDay(new Date('2026-03-01T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(zoneDay(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(zoneDay(new Date('2026-03-01T16:00:00Z'), 'Europe/Berlin')).toBe('2026-03-01');
  });

  it('moves days across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('closes a day an hour after it ends', () => {
    // Midnight in Shanghai is 16:00 UTC.
    expect(lastClosedDay(new Date('2026-03-01T16:59:59Z'), 'Asia/Shanghai')).toBe('2026-02-28');
    expect(lastClosedDay(new Date('2026-03-01T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(lastClosedDay(new Date('2026-03-02T15:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-01');
  });

  it('groups days into runs of consecutive days', () => {
    expect(runsOf([])).toEqual([]);
    expect(runsOf(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-03'])).toEqual([
      { first: '2026-02-27', last: '2026-03-01' },
      { first: '2026-03-03', last: '2026-03-03' },
    ]);
  });

  it("counts in the business hours' zone, Beijing without them; the target in seconds, null when off", () => {
    const berlin = new BusinessCalendar(parseBusinessHours('Mon-Fri 09:00-18:00 Europe/Berlin'), 30);
    expect(reportBasis(berlin, { CLAIM_WITHIN_MINUTES: 10 })).toEqual({ timeZone: 'Europe/Berlin', targetSeconds: 600 });
    expect(reportBasis(new BusinessCalendar(null, 30), { CLAIM_WITHIN_MINUTES: 0 })).toEqual({
      timeZone: 'Asia/Shanghai',
      targetSeconds: null,
    });
  });
});
