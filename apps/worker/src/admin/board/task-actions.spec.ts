import { actionSlots, taskActions } from './task-actions';

describe('taskActions', () => {
  it('offers "start" on an open task already assigned to me, "claim" on anyone else’s or nobody’s', () => {
    expect(taskActions({ status: 'open', assignee: 'li.na' }, 'li.na')).toEqual(['start', 'done', 'note', 'assign']);
    expect(taskActions({ status: 'open', assignee: null }, 'li.na')).toEqual(['claim', 'done', 'note', 'assign']);
    expect(taskActions({ status: 'open', assignee: 'wang' }, 'li.na')).toEqual(['claim', 'done', 'note', 'assign']);
  });

  it('offers taking over an in-progress task only when it is someone else’s', () => {
    expect(taskActions({ status: 'in_progress', assignee: 'li.na' }, 'li.na')).toEqual(['done', 'note', 'assign']);
    expect(taskActions({ status: 'in_progress', assignee: 'wang' }, 'li.na')).toEqual(['claim', 'done', 'note', 'assign']);
  });

  it('offers reopening a finished task', () => {
    expect(taskActions({ status: 'done', assignee: 'li.na' }, 'li.na')).toEqual(['note', 'reopen']);
  });
});

describe('taskActions by role', () => {
  it('offers sales nothing on a colleague’s task, and everything on their own or nobody’s', () => {
    expect(taskActions({ status: 'in_progress', assignee: 'wang' }, 'li.na', 'sales')).toEqual([]);
    expect(taskActions({ status: 'open', assignee: null }, 'li.na', 'sales')).toEqual(['claim', 'done', 'note', 'assign']);
    expect(taskActions({ status: 'in_progress', assignee: 'wang' }, 'zhou', 'manager')).toEqual([
      'claim',
      'done',
      'note',
      'assign',
    ]);
  });
});

describe('actionSlots', () => {
  it('keeps "done", "note" and "assign" in their places whether or not a claim is offered', () => {
    const before = actionSlots(taskActions({ status: 'open', assignee: null }, 'li.na'));
    const after = actionSlots(taskActions({ status: 'in_progress', assignee: 'li.na' }, 'li.na'));
    expect(before).toEqual(['claim', 'done', 'note', 'assign']);
    expect(after).toEqual([null, 'done', 'note', 'assign']);
    expect(actionSlots(taskActions({ status: 'open', assignee: 'li.na' }, 'li.na'))).toEqual(['start', 'done', 'note', 'assign']);
    expect(actionSlots(['note', 'reopen'])).toEqual(['reopen', null, 'note', null]);
  });
});
