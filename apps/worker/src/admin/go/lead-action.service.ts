import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { FollowUpTask } from '../../data/follow-up-task';
import type { Lead } from '../../data/lead';
import type { SignedInStaff } from '../../data/staff-account';
import { CONTACT_RESULTS, type ContactResult } from '../../data/contact-attempt';
import { LeadRepository, type LeadReader } from '../../data/lead.repository';
import { StaffRepository } from '../../data/staff.repository';
import { TaskRepository } from '../../data/task.repository';
import { AdminTasksService } from '../admin-tasks.service';
import { CONTACT_NOTE_MAX } from '../contact-input';
import { LeadContactsService } from '../lead-contacts.service';

export const GO_ACTIONS = ['claim', 'contact', 'hand'] as const;
export type GoAction = (typeof GO_ACTIONS)[number];

export const isGoAction = (value: unknown): value is GoAction => (GO_ACTIONS as readonly unknown[]).includes(value);

/** What the phone action page shows of a lead, for the person acting. */
export interface ActionPage {
  lead: Lead;
  task: FollowUpTask | null;
  ownerName: string | null;
  /** Colleagues on duty who take leads: whom 转给同事 offers. */
  colleagues: { login: string; name: string }[];
}

/** The page as its template reads it: the lead and who is acting, and where its forms post. */
export interface GoView extends ActionPage {
  /** Where the forms post (the action's name follows): the personal link's path, or the lead's action page behind the login. */
  base: string;
  login: string;
  name: string;
  /** The personal link's per-page form token; null behind the login, where the session and the same-site check guard posts. */
  form: string | null;
  /** A personal link's page says whose link it is; the page behind the login, who is signed in. */
  personal: boolean;
}

/** What an action ended with: done (redirect back to the page), or a message why not. */
export type GoOutcome = { ok: true } | { ok: false; status: 400 | 403 | 409; message: 'taken' | 'closed' | 'form' };

/**
 * The phone action page's data and its three actions (claim, log a
 * contact, hand to a colleague), for whoever acts: the login a personal
 * link names (admin/go) or the signed-in account (the page behind the
 * login that group messages open). The actions go through the same task
 * and contact services as the board, so role rules, first touch, history
 * and webhooks are the board's.
 */
@Injectable()
export class LeadActionService {
  constructor(
    private readonly leads: LeadRepository,
    private readonly tasks: TaskRepository,
    private readonly staff: StaffRepository,
    private readonly taskChanges: AdminTasksService,
    private readonly contacts: LeadContactsService,
  ) {}

  /** The page for `login`; null when the lead is gone (erased) or `reader` (a salesperson) may not see it. */
  async page(leadId: string, login: string, reader?: LeadReader): Promise<ActionPage | null> {
    const lead = await this.leads.findById(leadId, reader);
    if (!lead || lead.erasedAt) return null;
    const task = await this.tasks.findByLead(leadId);
    const people = await this.staff.list();
    const ownerName = task?.assignee ? (people.find((p) => p.login === task.assignee)?.displayName ?? task.assignee) : null;
    const colleagues = people
      .filter((p) => p.active && p.onDuty && p.receivesLeads && p.login !== login)
      .map((p) => ({ login: p.login, name: p.displayName }));
    return { lead, task, ownerName, colleagues };
  }

  /** One action as `account`; `to` is whom a hand-over went to. */
  async act(
    leadId: string,
    action: GoAction,
    body: Record<string, unknown>,
    account: SignedInStaff,
    ip: string,
  ): Promise<GoOutcome & { to?: string }> {
    const login = account.login;
    const task = await this.tasks.findByLead(leadId);
    if (!task) return { ok: false, status: 409, message: 'closed' };
    let to: string | undefined;
    try {
      if (action === 'claim') {
        await this.taskChanges.change(task.id, { status: 'in_progress', assignee: login }, account, ip);
      } else if (action === 'contact') {
        const result = CONTACT_RESULTS.find((r): r is ContactResult => r === body.result) ?? null;
        const note = typeof body.note === 'string' ? body.note.trim().slice(0, CONTACT_NOTE_MAX) || null : null;
        if (!result) return { ok: false, status: 400, message: 'form' };
        await this.contacts.record(leadId, { result, note }, account);
      } else {
        to = typeof body.to === 'string' ? body.to : '';
        const colleague = (await this.staff.list()).find(
          (p) => p.login === to && p.active && p.onDuty && p.receivesLeads && p.login !== login,
        );
        if (!colleague) return { ok: false, status: 400, message: 'form' };
        await this.taskChanges.change(task.id, { assignee: colleague.login }, account, ip);
      }
    } catch (err) {
      if (err instanceof ForbiddenException || err instanceof NotFoundException)
        return { ok: false, status: 403, message: 'taken' };
      if (err instanceof ConflictException || err instanceof BadRequestException)
        return { ok: false, status: 409, message: 'closed' };
      throw err;
    }
    return to ? { ok: true, to } : { ok: true };
  }
}
