import { clockStart, dueAt, parseBusinessHours } from './business-hours';

const SHANGHAI = parseBusinessHours('Mon-Fri 09:00-18:00 Asia/Shanghai');

describe('parseBusinessHours', () => {
  it('reads days, hours and zone', () => {
    expect(SHANGHAI).toMatchObject({ openMinute: 540, closeMinute: 1080, timeZone: 'Asia/Shanghai' });
    expect([...SHANGHAI!.days].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('is off when empty and refuses nonsense', () => {
    expect(parseBusinessHours('')).toBeNull();
    expect(() => parseBusinessHours('weekdays')).toThrow(/BUSINESS_HOURS/);
    expect(() => parseBusinessHours('Mon-Fri 18:00-09:00 Asia/Shanghai')).toThrow(/before/);
    expect(() => parseBusinessHours('Mon-Fri 09:00-18:00 Mars/Olympus')).toThrow();
  });

  it('wraps day ranges over the weekend', () => {
    expect([...parseBusinessHours('Sat-Mon 10:00-16:00 UTC')!.days].sort()).toEqual([0, 1, 6]);
  });
});

describe('clockStart / dueAt', () => {
  // 2026-11-25 is a Wednesday; Shanghai is UTC+8 all year.
  it('starts at once inside business hours', () => {
    const at = new Date('2026-11-25T02:00:00Z'); // 10:00 Shanghai
    expect(clockStart(at, SHANGHAI)).toEqual(at);
    expect(dueAt(at, 30, SHANGHAI)).toEqual(new Date('2026-11-25T02:30:00Z'));
  });

  it('waits for the opening on the same morning', () => {
    expect(clockStart(new Date('2026-11-24T23:00:00Z'), SHANGHAI)).toEqual(new Date('2026-11-25T01:00:00Z')); // 07:00 -> 09:00
  });

  it('moves an evening lead to the next working morning', () => {
    expect(dueAt(new Date('2026-11-25T12:00:00Z'), 30, SHANGHAI)).toEqual(new Date('2026-11-26T01:30:00Z')); // Wed 20:00 -> Thu 09:30
  });

  it('moves a Friday-night or weekend lead to Monday', () => {
    expect(clockStart(new Date('2026-11-27T11:00:00Z'), SHANGHAI)).toEqual(new Date('2026-11-30T01:00:00Z')); // Fri 19:00
    expect(clockStart(new Date('2026-11-29T04:00:00Z'), SHANGHAI)).toEqual(new Date('2026-11-30T01:00:00Z')); // Sun 12:00
  });

  it('handles a zone with daylight saving time', () => {
    const berlin = parseBusinessHours('Mon-Fri 09:00-17:00 Europe/Berlin');
    // Sat 2026-03-28; clocks go forward on Sun 03-29, so Monday 09:00 is 07:00Z.
    expect(clockStart(new Date('2026-03-28T12:00:00Z'), berlin)).toEqual(new Date('2026-03-30T07:00:00Z'));
  });

  it('is the plain SLA with no business hours', () => {
    expect(dueAt(new Date('2026-11-25T12:00:00Z'), 30, null)).toEqual(new Date('2026-11-25T12:30:00Z'));
  });
});
