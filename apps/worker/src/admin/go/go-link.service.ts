import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { SignedInStaff } from '../../data/staff-account';
import type { FollowUpTask } from '../../data/follow-up-task';
import type { Lead } from '../../data/lead';
import { AuditRepository } from '../../data/audit.repository';
import { CONTACT_RESULTS, type ContactResult } from '../../data/contact-attempt';
import { LeadRepository } from '../../data/lead.repository';
import { PersonalLinks, type LinkVerdict } from '../../notify/personal-links.service';
import { StaffRepository } from '../../data/staff.repository';
import { TaskRepository } from '../../data/task.repository';
import { AdminTasksService } from '../admin-tasks.service';
import { signedIn } from '../auth/staff-gate.service';
import { CONTACT_NOTE_MAX } from '../contact-input';
import { LeadContactsService } from '../lead-contacts.service';

export const GO_ACTIONS = ['claim', 'contact', 'hand'] as const;
export type GoAction = (typeof GO_ACTIONS)[number];

export interface Client {
  ip: string;
  userAgent: string | null;
}

/** Why a link cannot act, and the status it is answered with. */
export type GoRefusal =
  | { status: 403; reason: 'invalid' | 'revoked' | 'scope' | 'form' }
  | { status: 410; reason: 'expired' }
  | { status: 404; reason: 'gone' };

export interface GoView {
  token: string;
  login: string;
  name: string;
  lead: Lead;
  task: FollowUpTask | null;
  ownerName: string | null;
  colleagues: { login: string; name: string }[];
  form: string;
}

/** What an action ended with: done (redirect back to the page), or a message why not. */
export type GoOutcome = { ok: true } | { ok: false; status: 400 | 403 | 409; message: 'taken' | 'closed' | 'form' };

/**
 * The one-tap action page behind a personal link: the token acts as its
 * login, on its lead, for these three actions only, and every use is in
 * the audit log with the client's address and user agent.
 */
@Injectable()
export class GoLinkService {
  constructor(
    private readonly links: PersonalLinks,
    private readonly leads: LeadRepository,
    private readonly tasks: TaskRepository,
    private readonly staff: StaffRepository,
    private readonly taskChanges: AdminTasksService,
    private readonly contacts: LeadContactsService,
    private readonly audit: AuditRepository,
  ) {}

  /** The link's verdict for `leadId` (the page's own lead when null); refusals are audited. */
  async open(
    token: string,
    leadId: string | null,
    client: Client,
    use: string,
  ): Promise<GoRefusal | (LinkVerdict & { kind: 'ok' })> {
    const verdict = await this.links.check(token, leadId);
    if (verdict.kind === 'ok') return verdict;
    const reason = verdict.kind === 'other-lead' ? 'scope' : verdict.kind;
    const claims = 'claims' in verdict ? verdict.claims : null;
    await this.record('link.refused', claims?.login ?? null, leadId ?? claims?.leadId ?? null, client, { use, reason });
    return reason === 'expired' ? { status: 410, reason } : { status: 403, reason };
  }

  /** The page's data; null when the lead is gone (erased). */
  async view(token: string, verdict: LinkVerdict & { kind: 'ok' }, client: Client): Promise<GoView | null> {
    const { leadId, login } = verdict.claims;
    const lead = await this.leads.findById(leadId);
    if (!lead || lead.erasedAt) return null;
    const task = await this.tasks.findByLead(leadId);
    const people = await this.staff.list();
    const ownerName = task?.assignee ? (people.find((p) => p.login === task.assignee)?.displayName ?? task.assignee) : null;
    const colleagues = people
      .filter((p) => p.active && p.onDuty && p.receivesLeads && p.login !== login)
      .map((p) => ({ login: p.login, name: p.displayName }));
    // Opening the page changes nothing but the audit log (chat previews and mail scanners open links).
    await this.record('link.opened', login, leadId, client, {});
    return { token, login, name: verdict.name, lead, task, ownerName, colleagues, form: await this.links.formFor(token) };
  }

  async formOk(token: string, value: unknown): Promise<boolean> {
    return this.links.formOk(token, value);
  }

  /** One action as the link's login. */
  async act(
    verdict: LinkVerdict & { kind: 'ok' },
    action: GoAction,
    body: Record<string, unknown>,
    client: Client,
  ): Promise<GoOutcome> {
    const { leadId, login } = verdict.claims;
    const account: SignedInStaff = signedIn(login, verdict.name, verdict.role);
    const task = await this.tasks.findByLead(leadId);
    if (!task) return { ok: false, status: 409, message: 'closed' };
    let to: string | undefined;
    try {
      if (action === 'claim') {
        await this.taskChanges.change(task.id, { status: 'in_progress', assignee: login }, account, client.ip);
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
        await this.taskChanges.change(task.id, { assignee: colleague.login }, account, client.ip);
      }
    } catch (err) {
      if (err instanceof ForbiddenException || err instanceof NotFoundException)
        return { ok: false, status: 403, message: 'taken' };
      if (err instanceof ConflictException || err instanceof BadRequestException)
        return { ok: false, status: 409, message: 'closed' };
      throw err;
    }
    await this.record('link.used', login, leadId, client, { action, ...(to ? { to } : {}) });
    return { ok: true };
  }

  async refusedForm(login: string, leadId: string, client: Client, use: string): Promise<void> {
    await this.record('link.refused', login, leadId, client, { use, reason: 'form' });
  }

  private record(
    action: 'link.opened' | 'link.used' | 'link.refused',
    actor: string | null,
    leadId: string | null,
    client: Client,
    detail: Record<string, unknown>,
  ) {
    return this.audit.record({
      actor,
      action,
      subject: leadId,
      ip: client.ip,
      detail: { ...detail, userAgent: client.userAgent },
    });
  }
}
