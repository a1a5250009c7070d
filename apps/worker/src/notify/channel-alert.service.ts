import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { ChannelDestination } from '@app/config';
import { ChannelAlertPayload } from '@app/contracts';
import type { Lead } from '../data/lead';
import { DeadLetterRepository } from '../data/dead-letter.repository';
import { FormRepository } from '../data/form.repository';
import { LedgerKey, parseLedgerKey } from '../data/ledger-key';
import { PERMANENT_FAILURE } from '../data/notification.repository';
import { TaskRepository } from '../data/task.repository';
import { ChannelProducer } from '../queue/channel-producer.service';
import { WorkerMetrics } from '../metrics/worker-metrics.service';
import { alertLead, alertTask } from './alert-subject';
import { ChannelDirectory } from './channels/channel-directory';
import type { ChatNotice, DeliveryOutcome } from './channels/chat-channel';
import { ChatChannelRegistry } from './channels/chat-channel.registry';
import { MentionDirectory } from './channels/mention-directory';
import { BudgetDecision, RobotBudgetService } from './channels/robot-budget.service';
import { ChannelSender } from './channel-sender.service';
import { leadAnswers } from './lead-answers';
import { NotificationLedger } from './notification-ledger.service';
import { isRerouteStep, RerouteChatNotices } from './reroute-chat-notice.service';

export type ChannelAlertResult = 'sent' | 'already-sent' | 'no-ledger' | 'batched' | 'deferred' | 'dropped';

// Hand-over notices, the silent owner's and the weekly review (robots get it from its own job) are email only.
type ChannelKey = Exclude<LedgerKey, { kind: 'autoresponse' | 'handover' | 'rerouted-away' | 'weekly-review' }>;
type LeadChannelKey = Exclude<ChannelKey, { kind: 'dead-letter' }>;

/** A platform that said "too fast" without saying how long: wait out a rolling minute. */
export const DEFAULT_RATE_PAUSE_MS = 60_000;

/**
 * One ledger row for one robot or webhook: claimed, checked against the
 * robot's shared budget, sent, and recorded by what the platform answered.
 * A new lead a robot has no budget for is held back (`batched`) for the
 * robot's next digest: not dropped, not sent one by one later. Failures
 * throw so BullMQ retries with backoff; a receiver that is gone, or a
 * message refused for good, ends the row as failed.
 */
@Injectable()
export class ChannelAlertService {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly registry: ChatChannelRegistry,
    private readonly budget: RobotBudgetService,
    private readonly sender: ChannelSender,
    private readonly ledger: NotificationLedger,
    private readonly tasks: TaskRepository,
    private readonly mentions: MentionDirectory,
    private readonly producer: ChannelProducer,
    private readonly metrics: WorkerMetrics,
    private readonly deadLetters: DeadLetterRepository,
    private readonly forms: FormRepository,
    private readonly reroutes: RerouteChatNotices,
  ) {}

  async deliver(payload: ChannelAlertPayload, finalAttempt: boolean): Promise<ChannelAlertResult> {
    const key = typeof payload?.ledgerKey === 'string' ? parseLedgerKey(payload.ledgerKey) : null;
    if (
      !key ||
      key.kind === 'autoresponse' ||
      key.kind === 'handover' ||
      key.kind === 'rerouted-away' ||
      key.kind === 'weekly-review' ||
      (key.kind === 'assigned' && !isRerouteStep(key.step)) ||
      key.channel === 'email' ||
      key.destination !== payload.destinationId
    ) {
      throw new UnrecoverableError('channel alert job has no valid ledgerKey');
    }
    const claim = await this.ledger.claim(key);
    if (typeof claim === 'string') return claim;
    const destination = this.directory.find(payload.destinationId);
    if (!destination) return this.drop(claim.id, `destination ${payload.destinationId} is no longer configured`);
    let notice: ChatNotice | null;
    if (key.kind === 'dead-letter') {
      // About a lead that is not in `leads`: the notice names only when it came.
      const dl = await this.deadLetters.find(key.deadLetterId);
      if (!dl) return this.drop(claim.id, 'the dead letter is gone');
      notice = { kind: 'dead-letter', receivedAt: dl.createdAt };
    } else {
      const lead = claim.lead;
      if (!lead || lead.erasedAt) return this.drop(claim.id, 'lead erased before its alert went out');
      notice = await this.noticeFor(key, lead);
      if (!notice) return this.drop(claim.id, 'the task is gone');
    }

    if (this.registry.of(destination.channel).rateLimited) {
      const decision = await this.budget.take(destination);
      if (!decision.allowed) return this.holdBack(claim.id, key, destination, payload, decision);
    }
    const outcome = await this.ledger.whileHeld([claim.id], () =>
      this.sender.send(destination, notice, claim.id, claim.attempts),
    );
    return this.settle(claim.id, key, destination, payload, outcome, finalAttempt);
  }

  private async settle(
    id: string,
    key: ChannelKey,
    destination: ChannelDestination,
    payload: ChannelAlertPayload,
    outcome: DeliveryOutcome,
    finalAttempt: boolean,
  ): Promise<ChannelAlertResult> {
    switch (outcome.status) {
      case 'sent':
        await this.ledger.recordSent([id], outcome.detail);
        return 'sent';
      case 'rate-limited': {
        const decision = await this.budget.pause(destination, outcome.retryAfterMs ?? DEFAULT_RATE_PAUSE_MS);
        return this.holdBack(id, key, destination, payload, decision);
      }
      case 'config-error':
      case 'retry':
        await this.ledger.recordFailure([id], `${outcome.reason}: ${outcome.detail}`, finalAttempt);
        throw new Error(`${destination.label}: ${outcome.detail}`);
      case 'gone':
      case 'failed':
        await this.ledger.recordFailure([id], `${PERMANENT_FAILURE} (${outcome.reason}): ${outcome.detail}`, true);
        throw new UnrecoverableError(`${destination.label}: ${outcome.detail}`);
    }
  }

  /**
   * No budget now. A new lead waits for the robot's digest (one job per
   * robot and second); anything else (a resend, a reminder, or a new lead
   * when ROBOT_NOTICES has no `digest`) goes alone, later, when the budget
   * frees.
   */
  private async holdBack(
    id: string,
    key: ChannelKey,
    destination: ChannelDestination,
    payload: ChannelAlertPayload,
    decision: BudgetDecision,
  ): Promise<ChannelAlertResult> {
    const delay = decision.nextFreeAt - decision.now;
    if (key.kind === 'new-lead' && this.directory.wanting('digest', destination.channel).includes(destination)) {
      await this.ledger.release([id], 'batched');
      await this.producer.scheduleDigest(destination.id, decision.nextFreeAt, delay);
      this.metrics.alertBatched(destination.channel);
      return 'batched';
    }
    await this.ledger.release([id], 'pending');
    await this.producer.alertLater(payload, decision.nextFreeAt, delay);
    return 'deferred';
  }

  private async drop(id: string, why: string): Promise<ChannelAlertResult> {
    await this.ledger.recordFailure([id], `${PERMANENT_FAILURE}: ${why}`, true);
    return 'dropped';
  }

  private async noticeFor(key: LeadChannelKey, lead: Lead): Promise<ChatNotice | null> {
    const [task, form] = await Promise.all([this.tasks.findByLead(lead.id), this.forms.ofLead(lead.id)]);
    const owner = await this.mentions.ownerOf(task?.assignee);
    // As the form the lead was posted under labels them.
    const shown = alertLead(lead, leadAnswers(form));
    if (key.kind === 'new-lead' || key.kind === 'resend') {
      return { kind: 'new-lead', lead: shown, task: task && alertTask(task, owner?.displayName) };
    }
    if (!task || task.id !== key.taskId) return null;
    if (key.kind === 'assigned' || key.kind === 'reroute-limit') return this.reroutes.noticeFor(key, shown, task);
    if (key.kind === 'task-updated') return { kind: 'task-updated', lead: shown, task: alertTask(task, owner?.displayName) };
    return {
      kind: key.kind,
      lead: shown,
      task: alertTask(task, owner?.displayName),
      mentionMobiles: this.mentions.mobilesOf(owner),
    };
  }
}
