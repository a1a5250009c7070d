import { AttackSignals, captchaRequired } from './attack-detector';

const calm: AttackSignals = { posts: 1, recentlyOver: false, quarantineFlag: false };

describe('captchaRequired', () => {
  it('always asks in mode always and never in mode never, whatever the traffic', () => {
    expect(captchaRequired('always', 30, calm)).toBe(true);
    expect(captchaRequired('never', 30, { posts: 1000, recentlyOver: true, quarantineFlag: true })).toBe(false);
  });

  it('asks once the posts of the minute go over the trigger, not at it', () => {
    expect(captchaRequired('under-attack', 3, { ...calm, posts: 3 })).toBe(false);
    expect(captchaRequired('under-attack', 3, { ...calm, posts: 4 })).toBe(true);
  });

  it('keeps asking for a minute after the form was over, even in a fresh window', () => {
    expect(captchaRequired('under-attack', 3, { ...calm, recentlyOver: true })).toBe(true);
  });

  it('asks while the worker reports a quarantine flood', () => {
    expect(captchaRequired('under-attack', 3, { ...calm, quarantineFlag: true })).toBe(true);
  });

  it('does not ask a quiet form', () => {
    expect(captchaRequired('under-attack', 30, calm)).toBe(false);
  });
});
