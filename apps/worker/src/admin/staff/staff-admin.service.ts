import { HttpStatus, Injectable } from '@nestjs/common';
import { hash } from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { SignedInStaff, StaffAccount } from '../../data/staff-account';
import { AuditRepository } from '../../data/audit.repository';
import { HandedOverTask, NobodyToHandOverTo, StaffPatch, StaffRepository } from '../../data/staff.repository';
import { TeamRepository } from '../../data/team.repository';
import { handoverKey } from '../../notify/handover-notice.service';
import { NotificationLedger } from '../../notify/notification-ledger.service';
import { NotifyProducer } from '../../queue/notify-producer.service';
import { SessionStore } from '../auth/session.store';
import { staffError } from './staff-errors';
import { NewStaff, StaffChange } from './staff-input';

const BCRYPT_COST = 10;
/** What anyone may change on their own account. */
const SELF_SERVICE = new Set<keyof StaffChange>(['password', 'onDuty']);

/** A staff account with the names of its teams, as the API shows it. */
export type StaffWithTeams = StaffAccount & { teams: string[] };

export interface StaffUpdateResult {
  staff: StaffWithTeams;
  /** Tasks handed to someone else because this person was deactivated. */
  handedOver: HandedOverTask[];
  /** New owners to be told by email (those with an address): a ledger row per task and a job per owner, queued. */
  notified: number;
}

/**
 * Adding, changing and deactivating staff: permissions, password hashing,
 * ending sessions, the hand-over of a leaver's tasks and the audit trail.
 */
@Injectable()
export class StaffAdminService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly audit: AuditRepository,
    private readonly sessions: SessionStore,
    private readonly ledger: NotificationLedger,
    private readonly notify: NotifyProducer,
    @InjectPinoLogger(StaffAdminService.name) private readonly logger: PinoLogger,
    private readonly teams: TeamRepository,
  ) {}

  async create(input: NewStaff, actor: SignedInStaff, ip: string): Promise<StaffWithTeams> {
    const { password, name, ...rest } = input;
    const created = await this.staff.create({ ...rest, displayName: name, passwordHash: await hash(password, BCRYPT_COST) });
    if (!created) throw staffError(HttpStatus.CONFLICT, 'login-taken', `login "${input.login}" is taken`, { login: input.login });
    await this.audit.record({
      actor: actor.login,
      action: 'staff.created',
      subject: input.login,
      ip,
      detail: { role: input.role },
    });
    // Tasks whose free-text assignee names the new person become theirs.
    await this.staff.adoptAssigneeTexts();
    return { ...created, teams: [] };
  }

  async update(login: string, change: StaffChange, actor: SignedInStaff, ip: string): Promise<StaffUpdateResult> {
    const self = actor.login === login;
    const admin = actor.role === 'admin';
    if (!admin && !(self && Object.keys(change).every((k) => SELF_SERVICE.has(k as keyof StaffChange)))) {
      throw self
        ? staffError(HttpStatus.FORBIDDEN, 'self-service-only', 'you may change your own password and on-duty flag only')
        : staffError(HttpStatus.FORBIDDEN, 'admins-only', 'managing staff is for admins');
    }
    const target = await this.staff.find(login);
    if (!target) throw staffError(HttpStatus.NOT_FOUND, 'not-found', `no staff member "${login}"`, { login });
    const { password, successor, name, teams, ...fields } = change;
    const patch: StaffPatch = {
      ...fields,
      ...(name !== undefined ? { displayName: name } : {}),
      ...(password ? { passwordHash: await hash(password, BCRYPT_COST) } : {}),
    };
    if (successor !== undefined && change.active !== false)
      throw staffError(HttpStatus.BAD_REQUEST, 'successor-not-deactivating', 'a successor is named only when deactivating');
    if (teams) await this.setTeams(login, teams);

    if (change.active === false && target.active) {
      if (self) throw staffError(HttpStatus.BAD_REQUEST, 'deactivate-self', 'you cannot deactivate your own account');
      return this.deactivate(target, successor ?? null, patch, actor, ip);
    }
    const staff = await this.staff.update(login, patch);
    if (!staff) throw staffError(HttpStatus.NOT_FOUND, 'not-found', `no staff member "${login}"`, { login });
    if (password) await this.sessions.endAllOf(login, self ? (actor.session ?? null) : null);
    // Coming back is its own entry: the person can sign in again (their old tasks stay with whoever has them).
    const reactivated = change.active === true && !target.active;
    if (reactivated) await this.audit.record({ actor: actor.login, action: 'staff.reactivated', subject: login, ip });
    const detail: Record<string, unknown> = {
      fields: Object.keys(change).filter((k) => k !== 'password' && !(reactivated && k === 'active')),
    };
    if (change.role && change.role !== target.role) {
      await this.audit.record({
        actor: actor.login,
        action: 'staff.role-changed',
        subject: login,
        ip,
        detail: { from: target.role, to: change.role },
      });
    }
    if (password) await this.audit.record({ actor: actor.login, action: 'staff.password-changed', subject: login, ip });
    if (teams) detail.teams = teams;
    if ((detail.fields as string[]).some((f) => f !== 'role')) {
      await this.audit.record({ actor: actor.login, action: 'staff.changed', subject: login, ip, detail });
    }
    return { staff: await this.withTeams(staff), handedOver: [], notified: 0 };
  }

  /** Puts the person in exactly these teams; 404 naming the first unknown one (nothing changed then). */
  private async setTeams(login: string, teams: string[]): Promise<void> {
    const missing = await this.teams.setTeamsOf(login, teams);
    if (missing.length) throw staffError(HttpStatus.NOT_FOUND, 'team-not-found', `no team "${missing[0]}"`, { team: missing[0] });
  }

  private async withTeams(staff: StaffAccount): Promise<StaffWithTeams> {
    return { ...staff, teams: (await this.teams.teamsOf([staff.login])).get(staff.login) ?? [] };
  }

  private async deactivate(
    target: StaffAccount,
    successor: string | null,
    patch: StaffPatch,
    actor: SignedInStaff,
    ip: string,
  ): Promise<StaffUpdateResult> {
    if (successor) {
      const next = await this.staff.find(successor);
      if (!next?.active || successor === target.login)
        throw staffError(HttpStatus.BAD_REQUEST, 'successor', `successor "${successor}" is not an active colleague`, {
          login: successor,
        });
    }
    let handedOver: HandedOverTask[];
    try {
      handedOver = await this.staff.deactivate(target.login, successor, actor.login, patch);
    } catch (err) {
      if (err instanceof NobodyToHandOverTo)
        throw staffError(HttpStatus.CONFLICT, 'nobody-to-hand-over', err.message, { login: err.login, count: err.tasks });
      throw err;
    }
    await this.audit.record({
      actor: actor.login,
      action: 'staff.deactivated',
      subject: target.login,
      ip,
      detail: { successor, tasks: handedOver.length },
    });
    this.logger.info(
      { login: target.login, successor, tasks: handedOver.length, actor: actor.login },
      'staff deactivated, tasks handed over',
    );
    const notified = await this.tellNewOwners(target, handedOver);
    const staff = await this.withTeams((await this.staff.find(target.login))!);
    return { staff, handedOver, notified };
  }

  /**
   * One email per new owner with an address, through the ledger: a row per
   * task and hand-over (each told exactly once), then one job per owner that
   * sends it and is retried with backoff while SMTP is down.
   */
  private async tellNewOwners(from: StaffAccount, tasks: HandedOverTask[]): Promise<number> {
    const handoverId = randomUUID();
    const byOwner = new Map<string, HandedOverTask[]>();
    for (const task of tasks) byOwner.set(task.to, [...(byOwner.get(task.to) ?? []), task]);
    const contacts = await this.staff.contacts([...byOwner.keys()]);
    let notified = 0;
    for (const [login, theirs] of byOwner) {
      const email = contacts.get(login)?.email;
      if (!email) continue;
      for (const task of theirs) {
        await this.ledger.ensure({
          key: handoverKey(task.taskId, handoverId),
          leadId: task.leadId,
          taskId: task.taskId,
          recipients: email,
        });
      }
      await this.notify.handover({
        handoverId,
        from: from.login,
        to: login,
        tasks: theirs.map((t) => ({ taskId: t.taskId, leadId: t.leadId })),
      });
      notified++;
    }
    return notified;
  }
}
