import { actionOf, checkTransition, saysWhatCameOfIt } from './task-transitions';

describe('checkTransition', () => {
  it('closes a task with a note, an outcome, or both; with neither it is invalid', () => {
    for (const status of ['open', 'in_progress'] as const) {
      expect(checkTransition({ status }, { status: 'done', note: '已报价' })).toBeNull();
      expect(checkTransition({ status }, { status: 'done', outcome: 'won' })).toBeNull();
      expect(checkTransition({ status }, { status: 'done', note: '签约', outcome: 'won' })).toBeNull();
      for (const change of [{}, { note: '' }, { note: '  \n' }, { outcome: null }, { note: ' ', outcome: null }]) {
        expect(checkTransition({ status }, { status: 'done', ...change })).toEqual({
          kind: 'invalid',
          message: 'marking a task done needs a note of what was agreed or an outcome',
        });
      }
    }
  });

  it('refuses moves the task cannot make, and a change that changes nothing', () => {
    expect(checkTransition({ status: 'done' }, { status: 'in_progress' })).toMatchObject({ kind: 'conflict' });
    expect(checkTransition({ status: 'cancelled' }, { status: 'done', outcome: 'won' })).toMatchObject({ kind: 'conflict' });
    expect(checkTransition({ status: 'open' }, { status: 'open' })).toMatchObject({ kind: 'conflict' });
    expect(checkTransition({ status: 'done' }, { assignee: 'li' })).toMatchObject({ kind: 'conflict' });
    expect(checkTransition({ status: 'done' }, { status: 'open' })).toBeNull();
  });
});

describe('saysWhatCameOfIt', () => {
  it('is a non-blank note or an outcome', () => {
    expect(saysWhatCameOfIt({ note: 'x' })).toBe(true);
    expect(saysWhatCameOfIt({ outcome: 'spam' })).toBe(true);
    expect(saysWhatCameOfIt({ note: ' ', outcome: '' })).toBe(false);
    expect(saysWhatCameOfIt({})).toBe(false);
  });
});

describe('actionOf', () => {
  it('names claims, starts, closing, reopening and notes', () => {
    expect(actionOf({ status: 'open', assignee: null }, { status: 'in_progress', assignee: 'li' }, 'li')).toBe('claimed');
    expect(actionOf({ status: 'open', assignee: 'li' }, { status: 'in_progress' }, 'li')).toBe('started');
    expect(actionOf({ status: 'in_progress', assignee: 'li' }, { status: 'done', outcome: 'won' }, 'li')).toBe('done');
    expect(actionOf({ status: 'done', assignee: 'li' }, { status: 'open' }, 'li')).toBe('reopened');
    expect(actionOf({ status: 'open', assignee: 'li' }, { note: 'x' }, 'li')).toBe('noted');
  });
});
