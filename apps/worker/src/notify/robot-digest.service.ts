import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { ChannelDestination } from '@app/config';
import { NotificationRepository, PERMANENT_FAILURE } from '../data/notification.repository';
import { TaskRepository } from '../data/task.repository';
import { ChannelProducer } from '../queue/channel-producer.service';
import { alertLead, alertTask } from './alert-subject';
import { DEFAULT_RATE_PAUSE_MS } from './channel-alert.service';
import { ChannelSender } from './channel-sender.service';
import { ChannelDirectory } from './channels/channel-directory';
import type { ChatNotice } from './channels/chat-channel';
import { BudgetDecision, RobotBudgetService } from './channels/robot-budget.service';
import { NotificationLedger } from './notification-ledger.service';

/** Rows one digest takes; more wait for the next one (the message lists what fits and counts the rest). */
const DIGEST_MAX_ROWS = 1000;

export interface RobotDigestResult {
  leads: number;
  /** Held back again: the budget was spent by another message first, or the platform said too fast. */
  deferred?: number;
}

/**
 * One message for every new lead a robot's budget held back: each lead is
 * in exactly one message per robot, its own or a digest. The rows are
 * claimed together and marked sent together; on "too fast" or a failure
 * they go back to waiting for the next digest, so none is lost.
 */
@Injectable()
export class RobotDigestService {
  constructor(
    private readonly directory: ChannelDirectory,
    private readonly notifications: NotificationRepository,
    private readonly tasks: TaskRepository,
    private readonly ledger: NotificationLedger,
    private readonly budget: RobotBudgetService,
    private readonly sender: ChannelSender,
    private readonly producer: ChannelProducer,
    @InjectPinoLogger(RobotDigestService.name) private readonly logger: PinoLogger,
  ) {}

  async send(destinationId: string, finalAttempt: boolean): Promise<RobotDigestResult> {
    const destination = this.directory.find(destinationId);
    if (!destination) return { leads: 0 };
    const claimed = await this.notifications.claimBatched(destination.id, DIGEST_MAX_ROWS);
    const gone = claimed.filter((c) => !c.lead || c.lead.erasedAt).map((c) => c.id);
    if (gone.length > 0)
      await this.ledger.recordFailure(gone, `${PERMANENT_FAILURE}: lead erased before its alert went out`, true);
    const rows = claimed.filter((c) => c.lead && !c.lead.erasedAt);
    if (rows.length === 0) return { leads: 0 };
    const ids = rows.map((r) => r.id);

    const decision = await this.budget.take(destination);
    if (!decision.allowed) return this.again(destination, ids, decision);
    if (claimed.length === DIGEST_MAX_ROWS) {
      await this.producer.scheduleDigest(destination.id, decision.now + 1000, 1000);
    }

    let notice: ChatNotice;
    if (rows.length === 1) {
      const task = await this.tasks.findByLead(rows[0].lead!.id);
      notice = { kind: 'new-lead', lead: alertLead(rows[0].lead!), task: task && alertTask(task) };
    } else {
      notice = { kind: 'digest', leads: rows.map((r) => alertLead(r.lead!)), more: 0 };
    }
    const outcome = await this.ledger.whileHeld(ids, () => this.sender.send(destination, notice, ids[0], 1));
    switch (outcome.status) {
      case 'sent':
        await this.ledger.recordSent(ids, outcome.detail);
        this.logger.info({ destination: destination.label, leads: ids.length }, 'robot digest sent');
        return { leads: ids.length };
      case 'rate-limited':
        return this.again(destination, ids, await this.budget.pause(destination, outcome.retryAfterMs ?? DEFAULT_RATE_PAUSE_MS));
      case 'config-error':
      case 'retry':
        // Back to waiting, so this job's retry (or the robot's next digest) covers them.
        await this.ledger.recordFailure(ids, `${outcome.reason}: ${outcome.detail}`, false, 'batched');
        if (finalAttempt) await this.producer.scheduleDigest(destination.id, decision.now + 60_000, 60_000);
        throw new Error(`${destination.label}: ${outcome.detail}`);
      case 'gone':
      case 'failed':
        await this.ledger.recordFailure(ids, `${PERMANENT_FAILURE} (${outcome.reason}): ${outcome.detail}`, true);
        throw new UnrecoverableError(`${destination.label}: ${outcome.detail}`);
    }
  }

  private async again(destination: ChannelDestination, ids: string[], decision: BudgetDecision): Promise<RobotDigestResult> {
    await this.ledger.release(ids, 'batched');
    // At least a second on: this job's own id (its second) is still taken while it runs.
    const at = Math.max(decision.nextFreeAt, decision.now + 1000);
    await this.producer.scheduleDigest(destination.id, at, at - decision.now);
    return { leads: 0, deferred: ids.length };
  }
}
