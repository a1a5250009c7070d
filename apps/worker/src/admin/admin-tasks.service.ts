import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { StaffDirectory } from '@app/config';
import { FollowUpTask, TaskStatus } from '../database/entities/follow-up-task.entity';
import { TaskEvent } from '../database/entities/task-event.entity';
import { actionOf, checkTransition, TaskChange } from './task-transitions';

export interface TaskQuery {
  status?: TaskStatus;
  overdue?: boolean;
  assignee?: string;
  unassigned?: boolean;
  doneToday?: boolean;
  limit: number;
  cursor?: { dueAt: string; id: string };
}

/** Follow-up tasks for the staff API: listing and validated, recorded changes. */
@Injectable()
export class AdminTasksService {
  constructor(
    @InjectRepository(FollowUpTask) private readonly tasks: Repository<FollowUpTask>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffDirectory,
  ) {}

  async list(q: TaskQuery): Promise<FollowUpTask[]> {
    const qb = this.tasks
      .createQueryBuilder('t')
      .innerJoin('t.lead', 'l')
      .addSelect(['l.id', 'l.name', 'l.company', 'l.phone', 'l.email', 'l.receivedAt'])
      .orderBy('t.dueAt', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .take(q.limit);
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    else if (q.doneToday)
      qb.andWhere(
        `t.status = 'done' AND t.doneAt >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`,
      );
    else qb.andWhere(`t.status IN ('open', 'in_progress')`);
    if (q.overdue) qb.andWhere(`t.dueAt < now() AND t.status IN ('open', 'in_progress')`);
    if (q.assignee) qb.andWhere('t.assignee = :assignee', { assignee: q.assignee });
    if (q.unassigned) qb.andWhere('t.assignee IS NULL');
    if (q.cursor) qb.andWhere('(t.dueAt, t.id) > (:dueAt, :id)', q.cursor);
    return qb.getMany();
  }

  async history(taskId: string): Promise<TaskEvent[]> {
    return this.db.getRepository(TaskEvent).find({ where: { taskId }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** Applies a change under a row lock and appends it to the task's history. */
  async change(id: string, change: TaskChange, actor: string): Promise<FollowUpTask> {
    // With staff accounts configured, tasks go to people who can log in;
    // without them, the assignee is free text (e.g. a name from the CRM).
    if (change.assignee && this.staff.hasStaff && !this.staff.has(change.assignee)) {
      throw new BadRequestException(`unknown assignee "${change.assignee}": assign a configured staff member`);
    }
    return this.db.transaction(async (m) => {
      const task = await m.getRepository(FollowUpTask).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw new NotFoundException(`task ${id} not found`);
      const problem = checkTransition(task, change);
      if (problem?.kind === 'conflict') throw new ConflictException(problem.message);
      if (problem?.kind === 'invalid') throw new BadRequestException(problem.message);

      const event = m.getRepository(TaskEvent).create({
        taskId: id,
        actor,
        action: actionOf(task, change, actor),
        fromStatus: task.status,
        toStatus: change.status ?? task.status,
        fromAssignee: task.assignee,
        toAssignee: change.assignee !== undefined ? change.assignee : task.assignee,
        note: change.note ?? null,
      });
      if (change.status !== undefined) {
        task.status = change.status;
        task.doneAt = change.status === 'done' ? new Date() : task.status === 'open' ? null : task.doneAt;
      }
      if (change.assignee !== undefined) task.assignee = change.assignee;
      if (change.note !== undefined) task.note = change.note;
      task.updatedAt = new Date();
      task.updatedBy = actor;
      await m.getRepository(TaskEvent).save(event);
      return m.getRepository(FollowUpTask).save(task);
    });
  }
}
