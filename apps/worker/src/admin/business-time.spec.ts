import { businessDayAround, businessTimestamp, businessZone, rangeBound, startOfDayIn } from './business-time';

describe('businessTimestamp', () => {
  it('writes the time in the business zone, not UTC', () => {
    expect(businessTimestamp(new Date('2026-11-01T02:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-01 10:00:00');
    expect(businessTimestamp('2026-11-01T16:30:05.123Z', 'Asia/Shanghai')).toBe('2026-11-02 00:30:05');
    expect(businessTimestamp(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01 14:00:00');
  });

  it('writes nothing for no time or a bad one', () => {
    expect(businessTimestamp(null, 'Asia/Shanghai')).toBe('');
    expect(businessTimestamp('not a date', 'Asia/Shanghai')).toBe('');
  });
});

describe('businessZone', () => {
  it('is the zone of BUSINESS_HOURS, else Beijing', () => {
    expect(businessZone({ hours: null })).toBe('Asia/Shanghai');
    expect(businessZone({ hours: { days: new Set([1]), openMinute: 540, closeMinute: 1080, timeZone: 'Asia/Taipei' } })).toBe(
      'Asia/Taipei',
    );
  });
});

describe('startOfDayIn', () => {
  it('is midnight of that day in the zone', () => {
    expect(startOfDayIn('2026-11-01', 'Asia/Shanghai').toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(startOfDayIn('2026-11-01', 'UTC').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    // Berlin changes to summer time on 2026-03-29 at 02:00: midnight is still UTC+1.
    expect(startOfDayIn('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayIn('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('businessDayAround', () => {
  const iso = ({ from, to }: { from: Date; to: Date }) => [from.toISOString(), to.toISOString()];

  it("is the zone's calendar day holding the instant, midnight to midnight", () => {
    const day = ['2026-10-31T16:00:00.000Z', '2026-11-01T16:00:00.000Z'];
    expect(iso(businessDayAround(new Date('2026-11-01T02:00:00Z'), 'Asia/Shanghai'))).toEqual(day);
    // Still 1 November in Beijing a moment before its midnight, already 1 November just after, though UTC says 31 October.
    expect(iso(businessDayAround(new Date('2026-11-01T15:59:59.999Z'), 'Asia/Shanghai'))).toEqual(day);
    expect(iso(businessDayAround(new Date('2026-10-31T16:00:00Z'), 'Asia/Shanghai'))).toEqual(day);
    expect(iso(businessDayAround(new Date('2026-10-31T15:59:59.999Z'), 'Asia/Shanghai'))).toEqual([
      '2026-10-30T16:00:00.000Z',
      '2026-10-31T16:00:00.000Z',
    ]);
  });

  it('crosses month and year ends', () => {
    expect(iso(businessDayAround(new Date('2026-12-31T20:00:00Z'), 'Asia/Shanghai'))).toEqual([
      '2026-12-31T16:00:00.000Z',
      '2027-01-01T16:00:00.000Z',
    ]);
  });

  it('is 23 or 25 hours long on a daylight-saving change', () => {
    // Berlin: summer time from 2026-03-29 02:00, winter time from 2026-10-25 03:00.
    expect(iso(businessDayAround(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin'))).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect(iso(businessDayAround(new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin'))).toEqual([
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
  });
});

describe('rangeBound', () => {
  it('reads a bare date as that whole day in the zone', () => {
    expect(rangeBound('2026-11-01', 'Asia/Shanghai', false)?.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(rangeBound('2026-11-01', 'Asia/Shanghai', true)?.toISOString()).toBe('2026-11-01T16:00:00.000Z');
    expect(rangeBound('2026-12-31', 'UTC', true)?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('keeps a full timestamp as written, nothing as nothing, and marks what is no date', () => {
    expect(rangeBound('2026-11-01T08:00:00Z', 'Asia/Shanghai', true)?.toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(rangeBound('', 'Asia/Shanghai', false)).toBeNull();
    expect(Number.isNaN(rangeBound('yesterday', 'Asia/Shanghai', false)!.getTime())).toBe(true);
    expect(Number.isNaN(rangeBound('2025-13-45', 'Asia/Shanghai', true)!.getTime())).toBe(true);
    expect(Number.isNaN(rangeBound('2025-02-30', 'Asia/Shanghai', false)!.getTime())).toBe(true);
    expect(Number.isNaN(rangeBound(['x'], 'Asia/Shanghai', false)!.getTime())).toBe(true);
  });
});
