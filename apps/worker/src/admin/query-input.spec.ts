import { FieldError, parseDateParam, parseFilterText, parseTaskCursor, taskCursorOf } from './query-input';

function refusal(fn: () => unknown): FieldError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FieldError) return err;
    throw err;
  }
  throw new Error('expected a FieldError');
}

const encode = (text: string) => Buffer.from(text).toString('base64url');

describe('parseDateParam', () => {
  it('reads a day and an ISO date-time, with or without a zone', () => {
    expect(parseDateParam('2026-11-01', 'from')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseDateParam('2026-11-01T08:00:00+08:00', 'from')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseDateParam('2026-11-01T00:00:00.123456Z', 'from')?.toISOString()).toBe('2026-11-01T00:00:00.123Z');
    expect(parseDateParam('2000-01-01', 'from')).not.toBeNull();
    expect(parseDateParam('2100-12-31T23:59Z', 'to')).not.toBeNull();
  });

  it('treats absent and empty as no bound', () => {
    expect(parseDateParam(undefined, 'from')).toBeNull();
    expect(parseDateParam('', 'from')).toBeNull();
  });

  it.each([
    '-271821-04-20',
    '+275760-09-13',
    '275760-09-13',
    '1999-12-31',
    '2101-01-01',
    '0000-01-01',
    '2025-02-30',
    '2025-13-01',
    '2025-1-1',
    'garbage',
    'yesterday',
    '1',
    '2025-01-01T25:00Z',
    '2025-01-01 00:00',
    '2025-01-01\u0000',
  ])('refuses %j, naming the field', (value) => {
    const err = refusal(() => parseDateParam(value, 'from'));
    expect(err.field).toBe('from');
    expect(err.message).toContain('from must be a date from 2000 to 2100');
  });

  it('refuses what is not text', () => {
    expect(refusal(() => parseDateParam(['2025-01-01', '2025-02-01'], 'to')).field).toBe('to');
  });
});

describe('parseFilterText', () => {
  it('passes text through and absent or empty as undefined', () => {
    expect(parseFilterText('wang', 'assignee', 100)).toBe('wang');
    expect(parseFilterText('李雷', 'assignee', 100)).toBe('李雷');
    expect(parseFilterText(undefined, 'assignee', 100)).toBeUndefined();
    expect(parseFilterText('', 'assignee', 100)).toBeUndefined();
  });

  it.each([['a\u0000b'], ['\u001b[31m'], ['x'.repeat(101)], [['a', 'b']]])('refuses %j', (value) => {
    expect(refusal(() => parseFilterText(value, 'assignee', 100)).field).toBe('assignee');
  });
});

describe('task cursors', () => {
  const task = { dueAt: new Date('2026-11-01T02:03:04.005Z'), id: '3f2a6c1e-9b7d-4c1a-8e2f-0a1b2c3d4e5f' };

  it('reads back what it made', () => {
    expect(parseTaskCursor(taskCursorOf(task))).toEqual({ dueAt: '2026-11-01T02:03:04.005Z', id: task.id });
    expect(parseTaskCursor(undefined)).toBeUndefined();
    expect(parseTaskCursor('')).toBeUndefined();
  });

  it.each([
    ['a non-UUID id', encode('2026-11-01T02:03:04.005Z|not-a-uuid')],
    ['an id with NUL', encode(`2026-11-01T02:03:04.005Z|${task.id}\u0000`)],
    ['a time out of range', encode(`-271821-04-20T00:00:00.000Z|${task.id}`)],
    ['a loose time', encode(`2026-11-01|${task.id}`)],
    ['an impossible time', encode(`2026-02-30T00:00:00.000Z|${task.id}`)],
    ['extra parts', encode(`2026-11-01T02:03:04.005Z|${task.id}|x`)],
    ['garbage', 'garbage'],
    ['a list', ['a', 'b']],
  ])('refuses %s', (_what, value) => {
    expect(refusal(() => parseTaskCursor(value)).field).toBe('cursor');
  });
});
