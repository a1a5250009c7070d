import { CONTACT_NOTE_MAX, parseContactAttempt } from './contact-input';

describe('parseContactAttempt', () => {
  it('takes each result, with or without a note', () => {
    for (const result of ['reached', 'no_answer', 'wrong_number', 'messaged']) {
      expect(parseContactAttempt({ result })).toEqual({ ok: true, value: { result, note: null } });
    }
    expect(parseContactAttempt({ result: 'reached', note: '  约了周三上门\n带样品 ' })).toEqual({
      ok: true,
      value: { result: 'reached', note: '约了周三上门\n带样品' },
    });
    expect(parseContactAttempt({ result: 'messaged', note: '   ' })).toEqual({
      ok: true,
      value: { result: 'messaged', note: null },
    });
    expect(parseContactAttempt({ result: 'reached', note: 'x'.repeat(CONTACT_NOTE_MAX) }).ok).toBe(true);
    expect(parseContactAttempt({ result: 'reached', note: '😀 emoji' }).ok).toBe(true);
  });

  it('lists every problem by field', () => {
    expect(parseContactAttempt({ result: 'busy', note: 5 })).toEqual({
      ok: false,
      errors: [
        { field: 'result', message: expect.stringContaining('reached, no_answer, wrong_number, messaged') },
        { field: 'note', message: expect.stringContaining('1000') },
      ],
    });
    expect(parseContactAttempt({})).toMatchObject({ ok: false, errors: [{ field: 'result' }] });
    expect(parseContactAttempt({ result: 'reached', when: 'now' })).toMatchObject({ ok: false, errors: [{ field: 'when' }] });
  });

  it('refuses what cannot be stored or is too long', () => {
    for (const note of ['a\u0000b', 'bell\u0007', 'half \ud83d pair', 'x'.repeat(CONTACT_NOTE_MAX + 1)]) {
      expect(parseContactAttempt({ result: 'reached', note })).toMatchObject({ ok: false, errors: [{ field: 'note' }] });
    }
  });

  it('wants a JSON object', () => {
    for (const body of [null, undefined, 'reached', ['reached']]) {
      expect(parseContactAttempt(body)).toMatchObject({ ok: false, errors: [{ field: 'body' }] });
    }
  });
});
