import { parseBusinessHours } from './business-hours';
import { afterBusinessSeconds, businessSecondsBetween } from './business-seconds';

const SHANGHAI = parseBusinessHours('Mon-Fri 09:00-18:00 Asia/Shanghai');
// Shanghai is UTC+8 all year; 2026-11-23 is a Monday.
const sh = (local: string) => new Date(`${local}+08:00`);

describe('businessSecondsBetween', () => {
  it('is the wall time inside one opening', () => {
    expect(businessSecondsBetween(sh('2026-11-23T10:00:00'), sh('2026-11-23T10:04:00'), SHANGHAI)).toBe(240);
  });

  it('starts a lead received at night at the next opening', () => {
    expect(businessSecondsBetween(sh('2026-11-23T22:00:00'), sh('2026-11-24T09:04:00'), SHANGHAI)).toBe(240);
    expect(businessSecondsBetween(sh('2026-11-24T07:00:00'), sh('2026-11-24T09:30:00'), SHANGHAI)).toBe(1800);
  });

  it('counts nothing while closed, and nothing over the weekend', () => {
    expect(businessSecondsBetween(sh('2026-11-23T22:00:00'), sh('2026-11-24T08:59:00'), SHANGHAI)).toBe(0);
    expect(businessSecondsBetween(sh('2026-11-28T10:00:00'), sh('2026-11-29T16:00:00'), SHANGHAI)).toBe(0);
    // Friday 17:00 to Monday 10:00: the last hour of Friday and the first of Monday.
    expect(businessSecondsBetween(sh('2026-11-27T17:00:00'), sh('2026-11-30T10:00:00'), SHANGHAI)).toBe(7200);
  });

  it('adds whole days in between', () => {
    // Monday 17:00 to Wednesday 10:00: 1 h + 9 h + 1 h.
    expect(businessSecondsBetween(sh('2026-11-23T17:00:00'), sh('2026-11-25T10:00:00'), SHANGHAI)).toBe(11 * 3600);
  });

  it('is the wall time without business hours, and 0 backwards', () => {
    expect(businessSecondsBetween(sh('2026-11-28T22:00:00'), sh('2026-11-29T01:00:30'), null)).toBe(3 * 3600 + 30);
    expect(businessSecondsBetween(sh('2026-11-23T10:04:00'), sh('2026-11-23T10:00:00'), SHANGHAI)).toBe(0);
    expect(businessSecondsBetween(sh('2026-11-23T10:00:00'), sh('2026-11-23T10:00:00'), null)).toBe(0);
  });

  it('follows a zone across a DST change', () => {
    const always = parseBusinessHours('Mon-Sun 00:00-24:00 Europe/Berlin');
    // 2026-03-29: Berlin's clocks go from 02:00 to 03:00, a 23-hour day.
    const from = new Date('2026-03-28T23:00:00Z'); // 00:00 local, Sunday
    const to = new Date('2026-03-29T22:00:00Z'); // 00:00 local, Monday
    expect(businessSecondsBetween(from, to, always)).toBe(23 * 3600);
    const office = parseBusinessHours('Mon-Fri 09:00-18:00 Europe/Berlin');
    // Friday 17:00 CET to Monday 10:00 CEST: still one hour each side.
    expect(businessSecondsBetween(new Date('2026-03-27T16:00:00Z'), new Date('2026-03-30T08:00:00Z'), office)).toBe(7200);
  });
});

describe('afterBusinessSeconds', () => {
  it('is the wall time inside one opening, and without business hours', () => {
    expect(afterBusinessSeconds(sh('2026-11-23T10:00:00'), 600, SHANGHAI)).toEqual(sh('2026-11-23T10:10:00'));
    expect(afterBusinessSeconds(sh('2026-11-28T22:00:00'), 600, null)).toEqual(sh('2026-11-28T22:10:00'));
  });

  it('starts a lead received at night at the next opening', () => {
    expect(afterBusinessSeconds(sh('2026-11-23T22:00:00'), 600, SHANGHAI)).toEqual(sh('2026-11-24T09:10:00'));
    expect(afterBusinessSeconds(sh('2026-11-24T07:00:00'), 0, SHANGHAI)).toEqual(sh('2026-11-24T09:00:00'));
  });

  it('runs on past closing time and over the weekend', () => {
    // Friday 17:55: five minutes on Friday, five more from Monday 09:00.
    expect(afterBusinessSeconds(sh('2026-11-27T17:55:00'), 600, SHANGHAI)).toEqual(sh('2026-11-30T09:05:00'));
    // Monday 17:00 plus 11 hours: 1 h on Monday, 9 h on Tuesday, 1 h on Wednesday.
    expect(afterBusinessSeconds(sh('2026-11-23T17:00:00'), 11 * 3600, SHANGHAI)).toEqual(sh('2026-11-25T10:00:00'));
  });

  it('keeps two calendars of one zone apart', () => {
    const later = parseBusinessHours('Mon-Fri 10:00-17:00 Asia/Shanghai');
    expect(afterBusinessSeconds(sh('2026-11-23T08:00:00'), 600, SHANGHAI)).toEqual(sh('2026-11-23T09:10:00'));
    expect(afterBusinessSeconds(sh('2026-11-23T08:00:00'), 600, later)).toEqual(sh('2026-11-23T10:10:00'));
    expect(afterBusinessSeconds(sh('2026-11-23T16:55:00'), 600, later)).toEqual(sh('2026-11-24T10:05:00'));
  });

  it('is the instant businessSecondsBetween reaches the same seconds', () => {
    const office = parseBusinessHours('Mon-Fri 09:00-18:00 Europe/Berlin');
    for (const from of ['2026-03-27T15:50:00Z', '2026-03-28T10:00:00Z', '2026-11-23T14:00:00Z']) {
      for (const hours of [SHANGHAI, office, null]) {
        const at = afterBusinessSeconds(new Date(from), 1800, hours);
        expect(businessSecondsBetween(new Date(from), at, hours)).toBe(1800);
        expect(businessSecondsBetween(new Date(from), new Date(at.getTime() - 1000), hours)).toBe(1799);
      }
    }
  });
});
