import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { t } from '@app/contracts';
import { BusinessCalendar } from '../data/business-calendar';
import { LeadRepository } from '../data/lead.repository';
import { isSilent } from '../data/reroute-decision';
import { PersonalLinks } from '../notify/personal-links.service';
import { PendingRerouteNotice, RerouteRepository, type RerouteRobotRow } from '../data/reroute.repository';
import { StaffRepository } from '../data/staff.repository';
import { SpeedMetrics } from '../metrics/speed-metrics.service';
import { AssignedNoticeService } from '../notify/assigned-notice.service';
import { NotificationInFlightError, NotificationLedger } from '../notify/notification-ledger.service';
import { RecordedMailer } from '../notify/recorded-mailer.service';
import { RerouteRobotTargets } from '../notify/reroute-robots.service';
import { buildRerouteEmail, type RerouteEmailInput } from './reroute-email.builder';

const BATCH = 100;

export interface RerouteReport {
  rerouted: number;
  escalated: number;
  notices: number;
  failed: number;
}

/**
 * Re-route on silence (CLAIM_WITHIN_MINUTES business minutes without a
 * touch): each step is one locked transaction that also records the
 * notices it owes in the ledger, so a step and its pages happen once
 * however many workers run the check; the emails are then sent (and
 * retried on later checks) from the ledger, and each robot's and webhook's
 * row goes to the channel queue (claimed, rate-budgeted and retried there
 * like every robot alert).
 */
@Injectable()
export class RerouteService {
  constructor(
    private readonly reroutes: RerouteRepository,
    private readonly leads: LeadRepository,
    private readonly staff: StaffRepository,
    private readonly calendar: BusinessCalendar,
    private readonly ledger: NotificationLedger,
    private readonly mailer: RecordedMailer,
    private readonly metrics: SpeedMetrics,
    private readonly links: PersonalLinks,
    private readonly assigned: AssignedNoticeService,
    private readonly robots: RerouteRobotTargets,
    @InjectConfig() private readonly config: WorkerConfig,
    @InjectPinoLogger(RerouteService.name) private readonly logger: PinoLogger,
  ) {}

  async check(now = new Date()): Promise<RerouteReport> {
    const report: RerouteReport = { rerouted: 0, escalated: 0, notices: 0, failed: 0 };
    const minutes = this.config.CLAIM_WITHIN_MINUTES;
    const errors: unknown[] = [];
    if (minutes > 0) {
      const extra = this.config.ESCALATION_TO.length ? this.config.ESCALATION_TO : this.config.MAIL_TO;
      for (const task of await this.reroutes.silent(minutes, BATCH)) {
        if (!isSilent(task.since, now, minutes, this.calendar.hours)) continue;
        try {
          const who = await this.nameOf(task.assignee);
          const note = t('zh', 'reroute.history', { who, minutes });
          const robots = await this.robots.of(task.leadId);
          const outcome = await this.reroutes.step(task, this.config.REROUTE_LIMIT, note, extra, robots);
          if (outcome.kind !== 'stale') await this.queueRobots(task.id, outcome.robotRows, report, errors);
          if (outcome.kind === 'rerouted') {
            report.rerouted++;
            this.metrics.reroutedLead();
            this.logger.info({ taskId: task.id, from: outcome.from, to: outcome.to, step: outcome.step }, 'lead re-routed');
          } else if (outcome.kind === 'escalated') {
            report.escalated++;
            this.logger.info({ taskId: task.id, reroutes: task.reroutes }, 'lead not re-routed again: managers told');
          }
        } catch (err) {
          report.failed++;
          errors.push(err);
          this.logger.warn({ taskId: task.id, err: (err as Error).message }, 're-route failed; next check retries');
        }
      }
    }
    // Also after CLAIM_WITHIN_MINUTES is turned off: notices already owed still go out.
    for (const notice of await this.reroutes.pendingNotices(BATCH)) {
      try {
        if (await this.deliver(notice)) report.notices++;
      } catch (err) {
        if (err instanceof NotificationInFlightError) continue;
        report.failed++;
        errors.push(err);
      }
    }
    if (errors.length) throw new AggregateError(errors, `${errors.length} re-route step(s) or notice(s) failed`);
    return report;
  }

  /**
   * The step is committed and its robot rows with it: a queue failure here
   * loses nothing (the sweeper re-drives unsent rows), so it is reported
   * without undoing the step.
   */
  private async queueRobots(taskId: string, rows: RerouteRobotRow[], report: RerouteReport, errors: unknown[]) {
    try {
      await this.robots.queue(rows);
    } catch (err) {
      report.failed++;
      errors.push(err);
      this.logger.warn({ taskId, err: (err as Error).message }, 're-route robot messages not queued; the sweeper re-drives them');
    }
  }

  private async nameOf(login: string | null): Promise<string> {
    if (!login) return t('zh', 'email.value.unassigned');
    const contact = await this.staff.contact(login);
    return contact && contact.displayName !== login ? `${contact.displayName} (${login})` : login;
  }

  private async deliver(notice: PendingRerouteNotice): Promise<boolean> {
    const { key } = notice;
    if (key.kind !== 'assigned' && key.kind !== 'rerouted-away' && key.kind !== 'reroute-limit') return false;
    // An owner's notice at arrival or from a hand-over, waiting for another try.
    if (key.kind === 'assigned' && !/^\d+$/.test(key.step)) {
      return (await this.assigned.deliver({ ...notice, key })) === 'sent';
    }
    const lead = await this.leads.findById(notice.leadId);
    if (!lead || notice.recipients.length === 0) return false;
    const minutes = this.config.CLAIM_WITHIN_MINUTES;
    let input: RerouteEmailInput;
    if (key.kind === 'reroute-limit') {
      const task = await this.reroutes.owner(notice.taskId);
      const params = { count: task?.reroutes ?? 0, owner: await this.nameOf(task?.assignee ?? null) };
      input = { notice: key.kind, lead, taskId: notice.taskId, step: null, to: notice.recipients, params };
    } else {
      const step = Number(key.step);
      const event = await this.reroutes.stepEvent(notice.taskId, step);
      const params = { minutes, from: await this.nameOf(event?.from ?? null), to: await this.nameOf(event?.to ?? null) };
      // The new owner's email acts in one tap, as them, on this lead only.
      const personalLink = key.kind === 'assigned' && event?.to ? await this.links.linkFor(lead.id, event.to) : null;
      input = { notice: key.kind, lead, taskId: notice.taskId, step, to: notice.recipients, params, personalLink };
    }
    const claim = await this.ledger.claim(key);
    if (typeof claim === 'string') return false;
    const settings = { from: this.config.MAIL_FROM, publicAdminUrl: this.config.PUBLIC_ADMIN_URL };
    // Never final: the next check retries a notice whose send failed.
    await this.mailer.send([claim.id], () => buildRerouteEmail(input, settings), false);
    return true;
  }
}
