import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { LedgerKey, ledgerKey } from '../data/ledger-key';
import { ClaimedNotification, NotificationDraft, NotificationRepository, ParkedAlert } from '../data/notification.repository';

export class NotificationInFlightError extends Error {
  constructor(key: LedgerKey) {
    super(`notification ${ledgerKey(key)} is being sent by another attempt; will check again`);
    this.name = 'NotificationInFlightError';
  }
}

export type Unclaimed = 'already-sent' | 'no-ledger' | 'batched';

// How long a sent message's record is retried (e.g. through a Postgres
// restart) before giving up to BullMQ, which would mean a duplicate later.
const RECORD_SENT_PATIENCE_MS = 120_000;
const RECORD_SENT_MAX_PAUSE_MS = 5_000;

/**
 * The delivery ledger: every notification is recorded before it is sent
 * and again after, which is what makes alerts exactly-once. A duplicate is
 * only possible when the worker dies between the SMTP server accepting a
 * message and the second record.
 */
@Injectable()
export class NotificationLedger {
  private readonly lease: number;

  constructor(
    private readonly notifications: NotificationRepository,
    @InjectConfig() config: WorkerConfig,
    @InjectPinoLogger(NotificationLedger.name) private readonly logger: PinoLogger,
  ) {
    this.lease = config.ALERT_SEND_LEASE_SECONDS;
  }

  /** Records that a notification must go out; a second call changes nothing. */
  ensure(draft: NotificationDraft): Promise<void> {
    return this.notifications.ensure(draft);
  }

  /** Takes the row for sending, or says why it cannot be taken. */
  async claim(key: LedgerKey): Promise<ClaimedNotification | Unclaimed> {
    const claimed = await this.notifications.claim(key, this.lease);
    if (claimed) return claimed;
    const status = await this.notifications.statusOf(key);
    if (status === null) return 'no-ledger';
    if (status === 'sent') return 'already-sent';
    if (status === 'batched') return 'batched';
    throw new NotificationInFlightError(key);
  }

  /**
   * Runs one send while renewing the claim of `ids` every quarter lease: a
   * slow live send keeps its rows (no second attempt takes them), and a send
   * whose worker died frees them one lease after its last renewal.
   */
  async whileHeld<T>(ids: string[], send: () => Promise<T>): Promise<T> {
    const timer = setInterval(
      () => {
        this.notifications
          .renewLease(ids)
          .catch((err: Error) =>
            this.logger.warn({ notifications: ids, err: err.message }, 'lease renewal failed; the send goes on'),
          );
      },
      (this.lease * 1000) / 4,
    );
    try {
      return await send();
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * The record after a successful send is the one write whose loss means a
   * duplicate, so it is retried for up to two minutes (the job keeps its
   * lock meanwhile, so nothing else sends the message) before giving up to
   * BullMQ.
   */
  async recordSent(ids: string[], messageId: string): Promise<void> {
    const deadline = Date.now() + RECORD_SENT_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.notifications.markSent(ids, messageId);
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, RECORD_SENT_MAX_PAUSE_MS)));
      }
    }
  }

  /** After a failed send: back to pending (a retry follows) or failed (none will). */
  async recordFailure(
    ids: string[],
    error: unknown,
    final: boolean,
    retryStatus: 'pending' | 'batched' = 'pending',
  ): Promise<void> {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    await this.notifications.markUnsent(ids, final ? 'failed' : retryStatus, reason);
  }

  /** Claimed rows back to waiting, with no error: a robot's rate budget held them back. */
  release(ids: string[], status: 'pending' | 'batched'): Promise<void> {
    return this.notifications.markReleased(ids, status);
  }

  /** Parks a claimed alert for the next digest instead of sending it now. */
  markBatched(id: string): Promise<void> {
    return this.notifications.markBatched(id);
  }

  /** New-lead alerts sent in the last minute, for the flood guard (counted no further than `upTo`). */
  alertsSentLastMinute(upTo: number): Promise<number> {
    return this.notifications.newLeadAlertsLastMinute(upTo);
  }

  /** Claims every parked alert (up to `limit`) for one digest email. */
  claimParked(limit: number): Promise<ParkedAlert[]> {
    return this.notifications.claimParked(limit);
  }
}
