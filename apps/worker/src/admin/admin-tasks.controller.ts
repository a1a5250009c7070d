import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TASK_STATUSES, TaskStatus } from '../data/follow-up-task';
import { accountOf, clientOf } from './access';
import { AdminTasksService } from './admin-tasks.service';
import { parseOutcome } from './task-outcome';
import { hasControlCharacters, parseFilterText, parseFormFilter, parseTaskCursor, taskCursorOf } from './query-input';
import { TaskChange } from './task-transitions';

const MAX_LIMIT = 200;
const NOTE_MAX = 2000;
const ASSIGNEE_MAX = 100;

function parseStatus(value: unknown): TaskStatus | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value)) return value as TaskStatus;
  throw new BadRequestException(`status must be one of ${TASK_STATUSES.join(', ')}`);
}

const flag = (v: string | undefined) => v === 'true' || v === '1';

@Controller('admin/tasks')
export class AdminTasksController {
  constructor(private readonly tasks: AdminTasksService) {}

  @Get()
  async list(@Query() q: Record<string, string | undefined>, @Req() req: FastifyRequest) {
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequestException(`limit must be an integer from 1 to ${MAX_LIMIT}`);
    }
    const items = await this.tasks.list(
      {
        status: parseStatus(q.status),
        overdue: flag(q.overdue),
        assignee: parseFilterText(q.assignee, 'assignee', ASSIGNEE_MAX),
        unassigned: flag(q.unassigned),
        doneToday: flag(q.doneToday),
        form: parseFormFilter(q.form),
        dueToday: flag(q.dueToday),
        limit,
        cursor: parseTaskCursor(q.cursor),
      },
      accountOf(req),
    );
    const last = items.at(-1);
    const nextCursor = items.length === limit && last ? taskCursorOf(last) : null;
    return { items, nextCursor };
  }

  @Patch(':id')
  async change(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown, @Req() req: FastifyRequest) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestException('send a JSON object');
    const b = body as Record<string, unknown>;
    const change: TaskChange = {};
    if ('status' in b) change.status = parseStatus(b.status);
    if ('assignee' in b) {
      if (
        b.assignee !== null &&
        (typeof b.assignee !== 'string' || b.assignee.length > ASSIGNEE_MAX || hasControlCharacters(b.assignee))
      ) {
        throw new BadRequestException(`assignee must be null or text of at most ${ASSIGNEE_MAX} characters`);
      }
      change.assignee = typeof b.assignee === 'string' ? b.assignee.trim() || null : null;
    }
    if ('note' in b) {
      // Control characters (other than tab and line breaks) are refused on purpose.
      if (typeof b.note !== 'string' || b.note.length > NOTE_MAX || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(b.note)) {
        throw new BadRequestException(`note must be text of at most ${NOTE_MAX} characters`);
      }
      change.note = b.note;
    }
    if ('outcome' in b) {
      const parsed = parseOutcome(b.outcome);
      if ('problem' in parsed) throw new BadRequestException(parsed.problem);
      change.outcome = parsed.outcome;
    }
    if (Object.keys(change).length === 0) throw new BadRequestException('nothing to change: send status, assignee or note');
    return this.tasks.change(id, change, accountOf(req), clientOf(req).ip);
  }
}
