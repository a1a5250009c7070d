import { SPAM_FLOOD_MIN_LEADS, spamFlood } from './spam-flood';

describe('spamFlood', () => {
  it('is on when more than half of the recent leads were quarantined', () => {
    expect(spamFlood(20, 11)).toBe(true);
  });

  it('is off at exactly half, and below', () => {
    expect(spamFlood(20, 10)).toBe(false);
    expect(spamFlood(20, 0)).toBe(false);
  });

  it('says nothing on a quiet form, even when all of its few leads were spam', () => {
    expect(spamFlood(SPAM_FLOOD_MIN_LEADS - 1, SPAM_FLOOD_MIN_LEADS - 1)).toBe(false);
    expect(spamFlood(SPAM_FLOOD_MIN_LEADS, SPAM_FLOOD_MIN_LEADS)).toBe(true);
  });
});
