import { parseBusinessHours } from '../data/business-hours';
import { touchDueAtOf } from './first-touch-json';

const SHANGHAI = parseBusinessHours('Mon-Fri 09:00-18:00 Asia/Shanghai');
const sh = (local: string) => new Date(`${local}+08:00`);
const untouched = { status: 'open' as const, firstTouchAt: null };

describe('touchDueAtOf', () => {
  it('is CLAIM_WITHIN_MINUTES business minutes after arrival', () => {
    const target = { claimMinutes: 10, hours: SHANGHAI };
    expect(touchDueAtOf(untouched, sh('2026-11-23T10:00:00'), target)).toEqual(sh('2026-11-23T10:10:00'));
    // At 22:00 the clock starts at the next opening; on Friday evening it runs on into Monday.
    expect(touchDueAtOf(untouched, sh('2026-11-23T22:00:00'), target)).toEqual(sh('2026-11-24T09:10:00'));
    expect(touchDueAtOf(untouched, sh('2026-11-27T17:55:00'), target)).toEqual(sh('2026-11-30T09:05:00'));
    expect(touchDueAtOf(untouched, sh('2026-11-28T22:00:00'), { claimMinutes: 10, hours: null })).toEqual(
      sh('2026-11-28T22:10:00'),
    );
  });

  it('is null once touched, for a closed task, without a task, and with the target off', () => {
    const target = { claimMinutes: 10, hours: SHANGHAI };
    const received = sh('2026-11-23T10:00:00');
    expect(touchDueAtOf({ status: 'in_progress', firstTouchAt: sh('2026-11-23T10:03:00') }, received, target)).toBeNull();
    expect(touchDueAtOf({ status: 'cancelled', firstTouchAt: null }, received, target)).toBeNull();
    expect(touchDueAtOf({ status: 'done', firstTouchAt: null }, received, target)).toBeNull();
    expect(touchDueAtOf(null, received, target)).toBeNull();
    expect(touchDueAtOf(untouched, received, { claimMinutes: 0, hours: SHANGHAI })).toBeNull();
  });
});
