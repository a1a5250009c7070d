import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import type { SignedInStaff } from '../data/staff-account';
import { displayPhone } from '@app/contracts';
import type { FollowUpTask, TaskOutcome } from '../data/follow-up-task';
import { AuditRepository } from '../data/audit.repository';
import { BusinessCalendar } from '../data/business-calendar';
import { LeadRepository } from '../data/lead.repository';
import { StaffRepository } from '../data/staff.repository';
import { TaskQuery, TaskRepository } from '../data/task.repository';
import { AssignedNoticeService } from '../notify/assigned-notice.service';
import { ChannelFanout } from '../notify/channel-fanout.service';
import { seesAllTasks } from './access';
import { businessDayAround, businessZone } from './business-time';
import { touchDueAtOf } from './first-touch-json';
import { AdminSpamService } from './spam/admin-spam.service';
import { becomesSpam, isTouch, outcomeAfter, outcomeProblem } from './task-outcome';
import { actionOf, checkTransition, TaskChange } from './task-transitions';

/**
 * A task as the API lists it: the owner's login plus their display name,
 * when its first touch is due (`touchDueAt`, first-touch-json.ts), and, for
 * the board's cards, whether the lead is a returning customer (老客户) and
 * its phone grouped for reading (`lead.phoneDisplay`).
 */
export type ListedTask = FollowUpTask & { assigneeName: string | null; touchDueAt: Date | null };

/** Follow-up tasks for the staff API: listing and validated, recorded changes. */
@Injectable()
export class AdminTasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly staff: StaffRepository,
    private readonly leads: LeadRepository,
    private readonly audit: AuditRepository,
    private readonly channels: ChannelFanout,
    private readonly assigned: AssignedNoticeService,
    private readonly spam: AdminSpamService,
    private readonly calendar: BusinessCalendar,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(AdminTasksService.name) private readonly logger: PinoLogger,
  ) {}

  /** Sales see their own and unassigned tasks; managers and admins see all. `dueToday`: due within today, in the business zone. */
  async list({ dueToday, ...rest }: TaskQuery & { dueToday?: boolean }, viewer?: SignedInStaff): Promise<ListedTask[]> {
    const q: TaskQuery = dueToday ? { ...rest, dueWithin: businessDayAround(new Date(), businessZone(this.calendar)) } : rest;
    const items = await this.tasks.list(viewer && !seesAllTasks(viewer) ? { ...q, visibleTo: viewer.login } : q);
    const leads = items.flatMap((t) => (t.lead ? [t.lead] : []));
    const [names, returning] = await Promise.all([
      this.staff.contacts(items.map((t) => t.assignee ?? '')),
      this.leads.returningAmong(leads, this.config.RETURNING_CUSTOMER_DAYS),
    ]);
    for (const lead of leads) {
      Object.assign(lead, { returning: returning.has(lead.id), phoneDisplay: lead.phone ? displayPhone(lead.phone) : null });
    }
    const target = { claimMinutes: this.config.CLAIM_WITHIN_MINUTES, hours: this.calendar.hours };
    return items.map((t) =>
      Object.assign(t, {
        assigneeName: t.assignee ? (names.get(t.assignee)?.displayName ?? null) : null,
        touchDueAt: touchDueAtOf(t, t.lead?.receivedAt, target),
      }),
    );
  }

  /** Applies a change under a row lock and appends it to the task's history. */
  async change(id: string, change: TaskChange, actor: SignedInStaff | string, ip: string | null = null): Promise<FollowUpTask> {
    const who = typeof actor === 'string' ? actor : actor.login;
    const salesOnly = typeof actor !== 'string' && !seesAllTasks(actor);
    if (change.assignee) change = { ...change, assignee: await this.checkAssignee(change.assignee) };
    let previous: string | null = null;
    let previousOutcome: TaskOutcome | null = null;
    const saved = await this.tasks.update(id, (task) => {
      // Sales act on their own and unassigned tasks only; anyone else's is
      // answered like a missing one (as its lead is), not named.
      if (salesOnly && task.assignee !== null && task.assignee !== who) throw new NotFoundException(`task ${id} not found`);
      const problem = checkTransition(task, change);
      if (problem?.kind === 'conflict') throw new ConflictException(problem.message);
      if (problem?.kind === 'invalid') throw new BadRequestException(problem.message);
      const badOutcome = outcomeProblem(task, change);
      if (badOutcome) throw new BadRequestException(badOutcome);
      previous = task.assignee;
      previousOutcome = task.outcome;
      const action = actionOf(task, change, who);
      const event = {
        actor: who,
        action,
        // The first claim, start, note or done is the lead's first touch.
        touchedBy: isTouch(action, change) ? who : null,
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
      task.outcome = outcomeAfter(task, change);
      task.updatedAt = new Date();
      task.updatedBy = who;
      return event;
    });
    if (!saved) throw new NotFoundException(`task ${id} not found`);
    if (change.assignee !== undefined && previous !== null && previous !== change.assignee) {
      await this.audit.record({
        actor: who,
        action: 'task.reassigned',
        subject: id,
        ip,
        detail: { from: previous, to: change.assignee, role: typeof actor === 'string' ? null : actor.role },
      });
    }
    if (becomesSpam(previousOutcome, saved.outcome)) await this.spamVerdict(saved.leadId, who, ip);
    // Given to someone else: their personal email with a one-tap link (a failed send is retried by the SLA check).
    if (change.assignee && previous !== change.assignee && change.assignee !== who) {
      await this.assigned.onHandOver(saved.id, change.assignee).catch((err: unknown) => {
        this.logger.error({ taskId: saved.id, err: (err as Error).message }, 'new owner not told');
      });
    }
    // `task.updated` to every webhook. The change is saved already: a queue
    // failure is logged, not answered as a failed change (a row that was
    // written is re-driven by the sweeper).
    await this.channels.taskUpdated({ id: saved.id, leadId: saved.leadId }).catch((err: unknown) => {
      this.logger.error({ taskId: saved.id, err: (err as Error).message }, 'task.updated webhooks not queued');
    });
    return saved;
  }

  /**
   * Closed as spam: the same verdict as `POST /admin/leads/:id/spam` (the
   * lead leaves every open list, the shared model learns its words), in the
   * audit log as such. The task change is saved already: a failure here is
   * logged, not answered as a failed change.
   */
  private async spamVerdict(leadId: string, actor: string, ip: string | null): Promise<void> {
    try {
      await this.spam.markSpam(leadId, actor);
      await this.audit.record({ actor, action: 'lead.spam', subject: leadId, ip, detail: { via: 'task-outcome' } });
    } catch (err) {
      this.logger.error({ leadId, err: (err as Error).message }, 'spam outcome not taught to the model');
    }
  }

  // Tasks go to active accounts, by their login in any case (it returns the
  // stored spelling). A deployment with nobody but its admin account keeps
  // free-text assignees (e.g. names from a CRM), as before.
  private async checkAssignee(login: string): Promise<string> {
    const people = await this.staff.list();
    const member = people.find((p) => p.login === login) ?? people.find((p) => p.login === login.toLowerCase());
    if (member?.active) return member.login;
    if (!member && !people.some((p) => p.role !== 'admin')) return login;
    throw new BadRequestException(`unknown assignee "${login}": assign an active staff member`);
  }
}
