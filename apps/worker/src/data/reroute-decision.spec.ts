import { parseBusinessHours } from './business-hours';
import { claimDeadline, decideReroute, isSilent } from './reroute-decision';

const at = (iso: string) => new Date(iso);

describe('isSilent', () => {
  it('counts wall minutes when always open', () => {
    const since = at('2026-03-02T10:00:00Z');
    expect(isSilent(since, at('2026-03-02T10:09:59Z'), 10, null)).toBe(false);
    expect(isSilent(since, at('2026-03-02T10:10:00Z'), 10, null)).toBe(true);
  });

  it('is off at 0 minutes', () => {
    expect(isSilent(at('2020-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 0, null)).toBe(false);
  });

  it('counts a night lead from the next opening', () => {
    const hours = parseBusinessHours('Mon-Fri 09:00-18:00 Asia/Shanghai');
    // Monday 22:00 Beijing; Tuesday opens at 09:00 Beijing (01:00Z).
    const since = at('2026-03-02T14:00:00Z');
    expect(isSilent(since, at('2026-03-03T00:59:00Z'), 10, hours)).toBe(false);
    expect(isSilent(since, at('2026-03-03T01:09:00Z'), 10, hours)).toBe(false);
    expect(isSilent(since, at('2026-03-03T01:10:00Z'), 10, hours)).toBe(true);
  });

  it('skips the weekend', () => {
    const hours = parseBusinessHours('Mon-Fri 09:00-18:00 Asia/Shanghai');
    // Friday 17:55 Beijing: 5 minutes on Friday, 5 more from Monday 09:00.
    const since = at('2026-03-06T09:55:00Z');
    expect(isSilent(since, at('2026-03-08T12:00:00Z'), 10, hours)).toBe(false);
    expect(isSilent(since, at('2026-03-09T01:04:00Z'), 10, hours)).toBe(false);
    expect(isSilent(since, at('2026-03-09T01:05:00Z'), 10, hours)).toBe(true);
  });
});

describe('claimDeadline', () => {
  const hours = parseBusinessHours('Mon-Fri 09:00-18:00 Asia/Shanghai');

  it('is the first instant isSilent says yes', () => {
    // Monday 22:00 Beijing: due Tuesday 09:10; Friday 17:55: due Monday 09:05.
    for (const [since, due] of [
      ['2026-03-02T14:00:00Z', '2026-03-03T01:10:00Z'],
      ['2026-03-06T09:55:00Z', '2026-03-09T01:05:00Z'],
    ]) {
      expect(claimDeadline(at(since), 10, hours)).toEqual(at(due));
      expect(isSilent(at(since), at(due), 10, hours)).toBe(true);
      expect(isSilent(at(since), new Date(at(due).getTime() - 1000), 10, hours)).toBe(false);
    }
    expect(claimDeadline(at('2026-03-02T10:00:00Z'), 10, null)).toEqual(at('2026-03-02T10:10:00Z'));
  });

  it('is null when re-routing is off', () => {
    expect(claimDeadline(at('2026-03-02T10:00:00Z'), 0, hours)).toBeNull();
  });
});

describe('decideReroute', () => {
  const eligible = ['chen', 'li', 'wang', 'zhao'];

  it('passes the lead to the next person in turn who has not had it', () => {
    const tried = new Set(['wang']);
    expect(decideReroute({ reroutes: 0, limit: 2, eligible, tried, turn: 0n })).toEqual({ kind: 'reroute', to: 'chen' });
    expect(decideReroute({ reroutes: 0, limit: 2, eligible, tried, turn: 2n })).toEqual({ kind: 'reroute', to: 'zhao' });
    expect(decideReroute({ reroutes: 0, limit: 2, eligible, tried, turn: 4n })).toEqual({ kind: 'reroute', to: 'li' });
  });

  it('never returns it to someone who had it', () => {
    const tried = new Set(['wang', 'chen', 'li']);
    for (let turn = 0n; turn < 8n; turn++) {
      expect(decideReroute({ reroutes: 1, limit: 5, eligible, tried, turn })).toEqual({ kind: 'reroute', to: 'zhao' });
    }
  });

  it('tells the managers after the limit, or when nobody is left', () => {
    expect(decideReroute({ reroutes: 2, limit: 2, eligible, tried: new Set(['wang']), turn: 1n })).toEqual({
      kind: 'escalate',
      reason: 'limit',
    });
    expect(decideReroute({ reroutes: 0, limit: 0, eligible, tried: new Set(), turn: 1n })).toEqual({
      kind: 'escalate',
      reason: 'limit',
    });
    expect(decideReroute({ reroutes: 1, limit: 2, eligible: ['wang', 'li'], tried: new Set(['wang', 'li']), turn: 0n })).toEqual({
      kind: 'escalate',
      reason: 'nobody',
    });
    expect(decideReroute({ reroutes: 0, limit: 2, eligible: [], tried: new Set(['wang']), turn: 0n })).toEqual({
      kind: 'escalate',
      reason: 'nobody',
    });
  });
});
