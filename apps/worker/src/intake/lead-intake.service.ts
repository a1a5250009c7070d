import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { InjectConfig, WorkerConfig } from '@app/config';
import { DEFAULT_FORM_SLUG, LeadReceivedPayload, LeadRoute, routeLead } from '@app/contracts';
import { BusinessCalendar } from '../data/business-calendar';
import { FormRepository, type LeadForm } from '../data/form.repository';
import { LeadRepository, type SpamMark } from '../data/lead.repository';
import { AssignedNoticeService } from '../notify/assigned-notice.service';
import { SpamMetric } from '../metrics/spam.metric';
import { SpamRepository } from '../data/spam.repository';
import { AutoresponseResult, AutoresponseService } from '../notify/autoresponse.service';
import { ChannelFanout } from '../notify/channel-fanout.service';
import { AlertResult, LeadAlertService } from '../notify/lead-alert.service';
import { DeadLetterService } from './dead-letter.service';
import { parseLeadPayload } from './lead-payload';
import { isPermanentDataError } from './permanent-failure';
import { SpamCheck } from './spam/spam-check.service';

export interface IntakeResult {
  created: boolean;
  /** The new task's owner (a staff login), null when nobody was eligible. */
  owner: string | null;
  /** Quarantined leads get no alert and no autoresponse: both are `'quarantined'`. */
  alert: AlertResult | 'quarantined';
  autoresponse: AutoresponseResult | 'quarantined';
}

/** A new lead: store it with its task, then alert sales by email, robots and webhooks (all idempotent). */
@Injectable()
export class LeadIntakeService {
  constructor(
    private readonly leads: LeadRepository,
    private readonly calendar: BusinessCalendar,
    private readonly alerts: LeadAlertService,
    private readonly autoresponse: AutoresponseService,
    private readonly channels: ChannelFanout,
    private readonly deadLetters: DeadLetterService,
    private readonly assigned: AssignedNoticeService,
    private readonly spamCheck: SpamCheck,
    private readonly spam: SpamRepository,
    private readonly spamMetric: SpamMetric,
    private readonly forms: FormRepository,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  /**
   * One intake job. A payload that breaks the lead contract, or that
   * Postgres refuses for its data, fails the same way on every attempt: it
   * becomes a dead letter (kept, admins told, never re-queued) and the job
   * ends unrecoverable instead of cycling through retries and sweeps.
   */
  async acceptJob(jobId: string, data: unknown, finalAttempt: boolean): Promise<IntakeResult> {
    let payload: LeadReceivedPayload;
    try {
      payload = parseLeadPayload(data);
    } catch (err) {
      await this.deadLetters.bury(jobId, data, (err as Error).message);
      throw err;
    }
    try {
      return await this.accept(payload, finalAttempt);
    } catch (err) {
      if (!isPermanentDataError(err)) throw err;
      await this.deadLetters.bury(jobId, data, `Postgres refused the lead: ${(err as Error).message}`);
      throw new UnrecoverableError(`lead ${payload.id} cannot be stored: ${(err as Error).message}`);
    }
  }

  async accept(payload: LeadReceivedPayload, finalAttempt: boolean): Promise<IntakeResult> {
    const receivedAt = new Date(payload.context.receivedAt);
    const { route, slaMinutes, form } = await this.routeOf(payload);
    const recipients = (route.mailTo.length ? route.mailTo : this.config.MAIL_TO).join(', ');
    const store = (mark: SpamMark) =>
      this.leads.persist(
        payload,
        { dueAt: this.calendar.dueAt(receivedAt, slaMinutes) },
        { recipients },
        { enabled: this.config.ASSIGNMENT === 'round-robin', returningCustomerDays: this.config.RETURNING_CUSTOMER_DAYS },
        mark,
        route.team,
      );
    // Scored from its text as a contact with no history; the store reads the
    // contact's history in the same round trip and, when it counts, stores
    // nothing and hands it back: scored again with it, stored with that mark.
    let spam = await this.spamCheck.check(payload);
    let persisted = await store(spam);
    if (persisted.contactHistory) {
      spam = await this.spamCheck.check(payload, persisted.contactHistory);
      persisted = await store(spam);
    }
    this.spamCheck.settled(spam);
    const { created, owner, ownerName } = persisted;
    const claimed = persisted.alert ? { ...persisted.alert, recipients } : null;
    await this.attachForm(payload);
    // Held leads page nobody: no robots, no email, no autoresponse. A retry
    // asks the row, not the score (the model may have learnt since).
    if (created ? spam.quarantined : await this.spam.isQuarantined(payload.id)) {
      if (created) this.spamMetric.leadQuarantined();
      return { created, owner: null, alert: 'quarantined', autoresponse: 'quarantined' };
    }
    // Robots and webhooks get their own rows and jobs, queued before the
    // email goes out so neither waits for the other (nothing happens when
    // none is configured). Should queueing them fail, the email still goes
    // first; the job then fails and its retry queues them again.
    const fanOut = this.channels.newLead(payload.id, route.robots).then(
      () => null,
      (err: unknown) => err,
    );
    // The owner was chosen in the statement that stored the lead: the alert names them without a lookup.
    const alert = claimed
      ? await this.alerts.deliverNewLeadAlert(payload.id, finalAttempt, claimed, { login: owner, name: ownerName }, form)
      : await this.alerts.deliverNewLeadAlert(payload.id, finalAttempt);
    const fanOutError = await fanOut;
    if (fanOutError) throw fanOutError;
    // The owner's personal email with their one-tap link (on a retried job
    // too: its ledger row makes it once). A lead stored just now without an
    // owner has nobody to tell, so the hot path skips the lookup.
    if (!created || owner) await this.assigned.onArrival(payload.id);
    const autoresponse = await this.autoresponse.deliver(payload.id, payload.fields.email, receivedAt, finalAttempt);
    return { created, owner, alert, autoresponse };
  }

  /**
   * Where the lead goes by its form's settings and routing rules, read
   * from the version it was posted under (so an edit never reroutes a
   * retried job); a lead without a form, or whose version is not stored,
   * goes where every lead went before forms. `form` is what its alert
   * shows (as `FormRepository.ofLead` would read it back; null when no
   * row is attached).
   */
  private async routeOf(
    payload: LeadReceivedPayload,
  ): Promise<{ route: LeadRoute; slaMinutes: number | null; form: LeadForm | null }> {
    const everyone: LeadRoute = { team: null, mailTo: [], robots: [], rule: null };
    const { form, custom = {} } = payload;
    if (!form) return { route: everyone, slaMinutes: null, form: null };
    const definition = await this.forms.definitionAt(form.slug, form.version);
    const attached = attachesForm(payload)
      ? { slug: form.slug, version: form.version, name: definition?.name ?? null, fields: definition?.fields ?? [], custom }
      : null;
    if (!definition) return { route: everyone, slaMinutes: null, form: attached };
    return {
      route: routeLead(definition, payload.fields, custom),
      slaMinutes: definition.slaMinutes ?? null,
      form: attached,
    };
  }

  /**
   * Ties the lead to its form version and answers, before any alert reads
   * it (a retry repeats it harmlessly). A plain default-form post, the hot
   * path, needs no row: no row means the default form.
   */
  private async attachForm(payload: LeadReceivedPayload): Promise<void> {
    const { form, custom = {} } = payload;
    if (!form || !attachesForm(payload)) return;
    await this.forms.attachLead(payload.id, form.slug, form.version, custom);
  }
}

/** Whether the lead gets a `lead_forms` row: any form but a plain default-form post. */
function attachesForm({ form, custom = {} }: LeadReceivedPayload): boolean {
  return !!form && !(form.slug === DEFAULT_FORM_SLUG && Object.keys(custom).length === 0);
}
