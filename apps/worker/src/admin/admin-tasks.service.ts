import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { StaffDirectory } from '@app/config';
import { FollowUpTask } from '../database/entities/follow-up-task.entity';
import { TaskQuery, TaskRepository } from '../leads/task.repository';
import { ChannelFanout } from '../notify/channel-fanout.service';
import { actionOf, checkTransition, TaskChange } from './task-transitions';

/** Follow-up tasks for the staff API: listing and validated, recorded changes. */
@Injectable()
export class AdminTasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly staff: StaffDirectory,
    private readonly channels: ChannelFanout,
    @InjectPinoLogger(AdminTasksService.name) private readonly logger: PinoLogger,
  ) {}

  list(q: TaskQuery): Promise<FollowUpTask[]> {
    return this.tasks.list(q);
  }

  /** Applies a change under a row lock and appends it to the task's history. */
  async change(id: string, change: TaskChange, actor: string): Promise<FollowUpTask> {
    // With staff accounts configured, tasks go to people who can log in;
    // without them, the assignee is free text (e.g. a name from the CRM).
    if (change.assignee && this.staff.hasStaff && !this.staff.has(change.assignee)) {
      throw new BadRequestException(`unknown assignee "${change.assignee}": assign a configured staff member`);
    }
    const saved = await this.tasks.update(id, (task) => {
      const problem = checkTransition(task, change);
      if (problem?.kind === 'conflict') throw new ConflictException(problem.message);
      if (problem?.kind === 'invalid') throw new BadRequestException(problem.message);
      const event = {
        actor,
        action: actionOf(task, change, actor),
        fromStatus: task.status,
        toStatus: change.status ?? task.status,
        fromAssignee: task.assignee,
        toAssignee: change.assignee !== undefined ? change.assignee : task.assignee,
        note: change.note ?? null,
      };
      if (change.status !== undefined) {
        task.status = change.status;
        task.doneAt = change.status === 'done' ? new Date() : task.status === 'open' ? null : task.doneAt;
      }
      if (change.assignee !== undefined) task.assignee = change.assignee;
      if (change.note !== undefined) task.note = change.note;
      task.updatedAt = new Date();
      task.updatedBy = actor;
      return event;
    });
    if (!saved) throw new NotFoundException(`task ${id} not found`);
    // `task.updated` to every webhook. The change is saved already: a queue
    // failure is logged, not answered as a failed change (a row that was
    // written is re-driven by the sweeper).
    await this.channels.taskUpdated({ id: saved.id, leadId: saved.leadId }).catch((err: unknown) => {
      this.logger.error({ taskId: saved.id, err: (err as Error).message }, 'task.updated webhooks not queued');
    });
    return saved;
  }
}
