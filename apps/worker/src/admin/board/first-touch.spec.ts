import { boardText } from './board-views';
import { firstTouchView, lateAtOf } from './first-touch';

describe('the first touch in words', () => {
  const zh = boardText('zh');
  const en = boardText('en');
  const now = Date.UTC(2026, 2, 5, 6, 0, 0);
  const min = 60_000;

  it('says how fast someone responded, from the API’s seconds first', () => {
    const facts = { receivedAt: now - 30 * min, touchedAt: now - 26 * min, lateAt: null };
    expect(firstTouchView({ ...facts, responseSeconds: 4 * 60 + 10 }, now, zh)).toEqual({
      text: '4 分钟内响应',
      responded: true,
      late: false,
    });
    expect(firstTouchView({ ...facts, responseSeconds: null }, now, en)?.text).toBe('Responded in 4 min');
  });

  it('says how long an untouched lead has waited, late once past the time it is given', () => {
    const waiting = { receivedAt: now - 12 * min, touchedAt: null, responseSeconds: null };
    expect(firstTouchView({ ...waiting, lateAt: now + min }, now, zh)).toEqual({
      text: '尚未响应 · 已等待 12 分钟',
      responded: false,
      late: false,
    });
    expect(firstTouchView({ ...waiting, lateAt: now - min }, now, zh)?.late).toBe(true);
    expect(firstTouchView({ ...waiting, lateAt: null }, now, zh)?.late).toBe(false);
  });

  it('says nothing without an arrival time', () => {
    expect(firstTouchView({ receivedAt: null, touchedAt: null, lateAt: null }, now, zh)).toBeNull();
  });
});

describe('when an untouched lead is late', () => {
  const target = Date.UTC(2026, 2, 5, 6, 10, 0);
  const due = Date.UTC(2026, 2, 5, 6, 30, 0);

  it('is its first-touch target, before the task is due', () => {
    expect(lateAtOf({ status: 'open', touchDueAt: target, dueAt: due })).toBe(target);
  });

  it('is the due time when there is no target (CLAIM_WITHIN_MINUTES=0, or an API without it)', () => {
    expect(lateAtOf({ status: 'open', touchDueAt: null, dueAt: due })).toBe(due);
  });

  it('is never for a task nobody waits on', () => {
    for (const status of ['in_progress', 'done', 'cancelled'])
      expect(lateAtOf({ status, touchDueAt: target, dueAt: due })).toBeNull();
  });
});
