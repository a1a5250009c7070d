import { dueReview, isoWeek, weekOf } from './weekly-review-schedule';

const SH = 'Asia/Shanghai';

describe('weekly review schedule', () => {
  it('labels ISO weeks, including those across a new year', () => {
    expect(isoWeek(2026, 3, 2)).toBe('2026-W10');
    expect(isoWeek(2026, 1, 1)).toBe('2026-W01'); // a Thursday
    expect(isoWeek(2027, 1, 1)).toBe('2026-W53'); // a Friday: still 2026's last week
    expect(isoWeek(2024, 12, 30)).toBe('2025-W01'); // a Monday whose Thursday is in 2025
  });

  it('bounds a week by its Mondays at local midnight', () => {
    // Wednesday 2026-03-04 10:00 in Shanghai.
    const w = weekOf(new Date('2026-03-04T02:00:00Z'), SH);
    expect(w).toEqual({
      week: '2026-W10',
      from: new Date('2026-03-01T16:00:00Z'),
      to: new Date('2026-03-08T16:00:00Z'),
      firstDay: '2026-03-02',
      lastDay: '2026-03-08',
    });
  });

  it('is due from Monday 09:00 local, for the week before, and not before', () => {
    // Monday 2026-03-02 08:59 and 09:00 in Shanghai.
    expect(dueReview(new Date('2026-03-02T00:59:00Z'), SH)).toBeNull();
    const due = dueReview(new Date('2026-03-02T01:00:00Z'), SH);
    expect(due).toMatchObject({ week: '2026-W09', firstDay: '2026-02-23', lastDay: '2026-03-01' });
    // Sunday night local (still UTC Sunday), the same week's review stays due (catch-up after an outage).
    expect(dueReview(new Date('2026-03-08T15:59:00Z'), SH)?.week).toBe('2026-W09');
    // Monday 00:30 local (Sunday in UTC): the new week has begun but its review is not due yet.
    expect(dueReview(new Date('2026-03-08T16:30:00Z'), SH)).toBeNull();
  });

  it('follows the zone: Monday 09:00 in New York is 14:00 UTC (EST)', () => {
    expect(dueReview(new Date('2026-03-02T13:59:00Z'), 'America/New_York')).toBeNull();
    expect(dueReview(new Date('2026-03-02T14:00:00Z'), 'America/New_York')?.week).toBe('2026-W09');
  });
});
