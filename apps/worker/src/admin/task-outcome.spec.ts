import { becomesSpam, isTouch, outcomeAfter, outcomeProblem, parseOutcome } from './task-outcome';

describe('task outcomes', () => {
  it('parses the five outcomes and null, nothing else', () => {
    for (const o of ['won', 'qualified', 'unqualified', 'invalid', 'spam']) expect(parseOutcome(o)).toEqual({ outcome: o });
    expect(parseOutcome(null)).toEqual({ outcome: null });
    for (const bad of ['WON', 'lost', '', 1, {}, undefined]) expect(parseOutcome(bad)).toHaveProperty('problem');
  });

  it('goes with done only', () => {
    expect(outcomeProblem({ status: 'open' }, { status: 'done', note: 'ok', outcome: 'won' })).toBeNull();
    expect(outcomeProblem({ status: 'done' }, { outcome: 'qualified' })).toBeNull();
    expect(outcomeProblem({ status: 'open' }, { outcome: 'won' })).toMatch(/done/);
    expect(outcomeProblem({ status: 'done' }, { status: 'open', outcome: 'won' })).toMatch(/done/);
    expect(outcomeProblem({ status: 'in_progress' }, { status: 'in_progress', outcome: null })).toBeNull();
  });

  it('keeps, sets or clears the stored outcome', () => {
    expect(outcomeAfter({ outcome: null }, { status: 'done', outcome: 'spam' })).toBe('spam');
    expect(outcomeAfter({ outcome: 'won' }, { note: 'more' })).toBe('won');
    expect(outcomeAfter({ outcome: 'won' }, { status: 'open' })).toBeNull();
    expect(outcomeAfter({ outcome: 'won' }, { outcome: null })).toBeNull();
  });
});

describe('isTouch', () => {
  it('counts claim, start, note and done', () => {
    for (const action of ['claimed', 'started', 'noted', 'done']) expect(isTouch(action, {})).toBe(true);
  });

  it('does not count handing a task on or cancelling it, unless with a note', () => {
    for (const action of ['assigned', 'unassigned', 'cancelled', 'open', 'reopened']) expect(isTouch(action, {})).toBe(false);
    expect(isTouch('assigned', { assignee: 'li', note: '客户要求换人' })).toBe(true);
    expect(isTouch('assigned', { assignee: 'li', note: '  ' })).toBe(false);
  });
});

describe('becomesSpam', () => {
  it('is a spam verdict when a change makes the outcome spam', () => {
    expect(becomesSpam(null, 'spam')).toBe(true);
    expect(becomesSpam('won', 'spam')).toBe(true);
  });

  it('is no verdict for any other outcome, nor for a task that was closed as spam already', () => {
    expect(becomesSpam('spam', 'spam')).toBe(false);
    expect(becomesSpam(null, null)).toBe(false);
    for (const outcome of ['won', 'qualified', 'unqualified', 'invalid'] as const) expect(becomesSpam(null, outcome)).toBe(false);
    expect(becomesSpam('spam', null)).toBe(false);
  });
});
