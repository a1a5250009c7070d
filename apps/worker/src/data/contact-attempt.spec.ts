import { CONTACT_RESULTS, contactAction, contactResultOf } from './contact-attempt';

describe('contact attempts in the task history', () => {
  it('names each result as a history action and reads it back', () => {
    expect(CONTACT_RESULTS.map(contactAction)).toEqual([
      'contact-reached',
      'contact-no-answer',
      'contact-wrong-number',
      'contact-messaged',
    ]);
    for (const result of CONTACT_RESULTS) expect(contactResultOf(contactAction(result))).toBe(result);
  });

  it('reads no result from other actions', () => {
    expect(contactResultOf('claimed')).toBeNull();
    expect(contactResultOf('contact-')).toBeNull();
    expect(contactResultOf('contact-hung-up')).toBeNull();
  });
});
