import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FollowUpTask, TaskStatus } from '../database/entities/follow-up-task.entity';

export interface TaskQuery {
  status?: TaskStatus;
  overdue?: boolean;
  assignee?: string;
  limit: number;
  cursor?: { dueAt: string; id: string };
}

export interface TaskChange {
  status?: TaskStatus;
  assignee?: string | null;
  note?: string;
}

/** Follow-up tasks for the staff API: listing and validated changes. */
@Injectable()
export class AdminTasksService {
  constructor(@InjectRepository(FollowUpTask) private readonly tasks: Repository<FollowUpTask>) {}

  async list(q: TaskQuery): Promise<FollowUpTask[]> {
    const qb = this.tasks
      .createQueryBuilder('t')
      .innerJoin('t.lead', 'l')
      .addSelect(['l.id', 'l.name', 'l.company', 'l.phone', 'l.email', 'l.receivedAt'])
      .orderBy('t.dueAt', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .take(q.limit);
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.overdue) qb.andWhere(`t.dueAt < now() AND t.status IN ('open', 'in_progress')`);
    if (q.assignee) qb.andWhere('t.assignee = :assignee', { assignee: q.assignee });
    if (q.cursor) qb.andWhere('(t.dueAt, t.id) > (:dueAt, :id)', q.cursor);
    return qb.getMany();
  }

  async change(id: string, change: TaskChange, by: string): Promise<FollowUpTask> {
    const task = await this.tasks.findOne({ where: { id } });
    if (!task) throw new NotFoundException(`task ${id} not found`);
    if (change.status !== undefined) task.status = change.status;
    if (change.assignee !== undefined) task.assignee = change.assignee;
    if (change.note !== undefined) task.note = change.note;
    task.updatedAt = new Date();
    task.updatedBy = by;
    return this.tasks.save(task);
  }
}
