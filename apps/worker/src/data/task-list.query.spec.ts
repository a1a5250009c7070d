import { listedStatuses, taskListQuery } from './task-list.query';

const DAY = { from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-01T16:00:00Z') };

describe('listedStatuses', () => {
  it.each([
    [{}, ['open', 'in_progress']],
    [{ status: 'done' as const }, ['done']],
    [{ doneToday: true }, ['done']],
    [{ status: 'open' as const, doneToday: true }, ['open']],
    [{ overdue: true }, ['open', 'in_progress']],
    [{ status: 'in_progress' as const, overdue: true }, ['in_progress']],
    [{ status: 'done' as const, overdue: true }, []],
    [{ doneToday: true, overdue: true }, []],
    [{ dueWithin: DAY }, ['open', 'in_progress']],
    [{ status: 'open' as const, dueWithin: DAY }, ['open']],
    [{ status: 'done' as const, dueWithin: DAY }, []],
    [{ doneToday: true, dueWithin: DAY }, []],
  ])('%j covers %j', (filter, statuses) => {
    expect(listedStatuses({ limit: 50, ...filter })).toEqual(statuses);
  });
});

describe('taskListQuery', () => {
  it('walks one status per branch, each limited, and merges them by due time', () => {
    const { sql, params } = taskListQuery({ limit: 20, assignee: 'wang' });
    expect(sql.match(/ORDER BY t\.due_at, t\.id\s+LIMIT \$1/g)).toHaveLength(3);
    expect(sql).toContain('UNION ALL');
    expect(sql).not.toMatch(/status IN|ANY\(/);
    expect(params).toEqual([20, 'wang', 'open', 'in_progress']);
  });

  it('one status: a single branch', () => {
    const { sql, params } = taskListQuery({ limit: 50, status: 'open', overdue: true });
    expect(sql).not.toContain('UNION ALL');
    expect(sql).toContain('t.due_at < now()');
    expect(params).toEqual([50, 'open']);
  });

  it("done today: done tasks since the day's start in Beijing", () => {
    const { sql, params } = taskListQuery({ limit: 50, doneToday: true });
    expect(sql).toContain(`t.done_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`);
    expect(params).toEqual([50, 'done']);
  });

  it('due within a day: both bounds on due_at in each status branch, so each is a range of the status/due index', () => {
    const { sql, params } = taskListQuery({ limit: 50, dueWithin: DAY });
    expect(sql.match(/t\.due_at >= \$2 AND t\.due_at < \$3/g)).toHaveLength(2);
    expect(params).toEqual([50, DAY.from, DAY.to, 'open', 'in_progress']);
  });

  it('a cursor bounds the walk by due time as well as the row comparison', () => {
    const { sql, params } = taskListQuery({ limit: 50, status: 'done', cursor: { dueAt: '2026-01-01T00:00:00Z', id: 'x' } });
    expect(sql).toContain('t.due_at >= $2::timestamptz AND (t.due_at, t.id) > ($2::timestamptz, $3::uuid)');
    expect(params).toEqual([50, '2026-01-01T00:00:00Z', 'x', 'done']);
  });

  it("one form: each branch keeps that form's tasks (the form index's leading column); default: tasks of no other form", () => {
    const quote = taskListQuery({ limit: 50, form: 'quote' });
    expect(quote.sql.match(/t\.status = \$\d+ AND t\.form_slug = \$2/g)).toHaveLength(2);
    expect(quote.params).toEqual([50, 'quote', 'open', 'in_progress']);
    const plain = taskListQuery({ limit: 50, status: 'open', form: 'default' });
    expect(plain.sql).toContain('t.status = $2 AND t.form_slug IS NULL');
    expect(plain.params).toEqual([50, 'open']);
    expect(taskListQuery({ limit: 50 }).sql).not.toMatch(/t\.form_slug (=|IS NULL)/);
  });

  it("names each task's form: its own, or default", () => {
    expect(taskListQuery({ limit: 50 }).sql).toContain("LEFT JOIN forms fm ON fm.slug = coalesce(t.form_slug, 'default')");
  });

  it('no status left (done and overdue): no rows, no statement on the tables', () => {
    expect(taskListQuery({ limit: 50, status: 'done', overdue: true }).sql).not.toContain('follow_up_tasks');
  });
});
