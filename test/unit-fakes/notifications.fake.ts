import type { Lead } from '../../apps/worker/src/data/lead';
import { ledgerKey, type LedgerKey } from '../../apps/worker/src/data/ledger-key';
import type {
  ClaimedNotification,
  NotificationDraft,
  NotificationRepository,
  ParkedAlert,
} from '../../apps/worker/src/data/notification.repository';

export type RowStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'batched';

export interface LedgerRow {
  id: string;
  key: string;
  channel: string;
  kind: string;
  destination: string | null;
  leadId: string | null;
  taskId: string | null;
  recipients: string;
  status: RowStatus;
  attempts: number;
  messageId: string | null;
  lastError: string | null;
  /** Whether a live attempt's lease still holds a `sending` row (the SQL compares updated_at with the lease). */
  leaseExpired: boolean;
}

/**
 * The `notifications` table in memory, with the same rules as the SQL in
 * notification.repository.ts: a key is inserted once; a claim takes a
 * pending or failed row (or a sending one whose lease ran out) and counts
 * the attempt. Use it under the real NotificationLedger, so specs of the
 * services that send exercise the ledger's decisions too.
 */
export class InMemoryNotifications {
  readonly rows: LedgerRow[] = [];
  readonly leads = new Map<string, Lead>();
  /** New-lead emails "sent in the last minute", for the flood guard (a spec sets it). */
  recentAlerts = 0;
  private nextId = 1;

  addLead(lead: Lead): Lead {
    this.leads.set(lead.id, lead);
    return lead;
  }

  row(key: LedgerKey | string): LedgerRow | undefined {
    const k = typeof key === 'string' ? key : ledgerKey(key);
    return this.rows.find((r) => r.key === k);
  }

  /** A row as a spec needs it before the service runs (e.g. already sent). */
  seed(draft: NotificationDraft, status: RowStatus = 'pending'): LedgerRow {
    this.insert(draft);
    const row = this.row(draft.key)!;
    row.status = status;
    return row;
  }

  async ensure(d: NotificationDraft): Promise<void> {
    this.insert(d);
  }

  async ensureMany(drafts: NotificationDraft[]): Promise<void> {
    for (const d of drafts) this.insert(d);
  }

  async claim(key: LedgerKey): Promise<ClaimedNotification | null> {
    const row = this.row(key);
    if (!row) return null;
    const free = row.status === 'pending' || row.status === 'failed' || (row.status === 'sending' && row.leaseExpired);
    if (!free) return null;
    row.status = 'sending';
    row.attempts++;
    row.leaseExpired = false;
    const claim: ClaimedNotification = { id: row.id, attempts: row.attempts, lead: this.leadOf(row) };
    if (row.recipients) claim.recipients = row.recipients;
    return claim;
  }

  async renewLease(): Promise<void> {}

  async findByKey(key: LedgerKey): Promise<LedgerRow | null> {
    return this.row(key) ?? null;
  }

  async listByLead(leadId: string): Promise<LedgerRow[]> {
    return this.rows.filter((r) => r.leadId === leadId);
  }

  async idsByKeys(keys: string[]): Promise<Map<string, string>> {
    return new Map(this.rows.filter((r) => keys.includes(r.key)).map((r) => [r.key, r.id]));
  }

  async statusOf(key: LedgerKey): Promise<RowStatus | null> {
    return this.row(key)?.status ?? null;
  }

  async markSent(ids: string[], messageId: string): Promise<void> {
    for (const row of this.byIds(ids)) Object.assign(row, { status: 'sent', messageId, lastError: null });
  }

  async markUnsent(ids: string[], status: 'pending' | 'failed' | 'batched', reason: string): Promise<void> {
    for (const row of this.byIds(ids)) Object.assign(row, { status, lastError: reason });
  }

  async markReleased(ids: string[], status: 'pending' | 'batched'): Promise<void> {
    for (const row of this.byIds(ids)) row.status = status;
  }

  async markBatched(id: string): Promise<void> {
    for (const row of this.byIds([id])) row.status = 'batched';
  }

  async newLeadAlertsLastMinute(upTo: number): Promise<number> {
    const sending = this.rows.filter((r) => r.kind === 'new-lead' && r.channel === 'email' && r.status === 'sending').length;
    return Math.min(upTo, this.recentAlerts + sending);
  }

  async claimParked(limit: number): Promise<ParkedAlert[]> {
    const parked = this.rows.filter((r) => r.kind === 'new-lead' && r.channel === 'email' && r.status === 'batched');
    return parked.slice(0, limit).flatMap((row) => {
      const lead = this.leadOf(row);
      if (!lead) return [];
      row.status = 'sending';
      row.attempts++;
      return [{ id: row.id, lead }];
    });
  }

  async claimBatched(destination: string, limit: number): Promise<{ id: string; lead: Lead | null }[]> {
    const batched = this.rows.filter((r) => r.destination === destination && r.status === 'batched').slice(0, limit);
    return batched.map((row) => {
      row.status = 'sending';
      row.attempts++;
      return { id: row.id, lead: this.leadOf(row) };
    });
  }

  /** Typed as the repository for constructors (only the methods above exist). */
  asRepository(): NotificationRepository {
    return this as unknown as NotificationRepository;
  }

  private insert(d: NotificationDraft): void {
    const key = ledgerKey(d.key);
    if (this.row(key)) return;
    this.rows.push({
      id: `n${this.nextId++}`,
      key,
      channel: d.key.channel,
      kind: d.key.kind,
      destination: 'destination' in d.key ? (d.key.destination ?? null) : null,
      leadId: d.leadId,
      taskId: d.taskId ?? null,
      recipients: d.recipients,
      status: 'pending',
      attempts: 0,
      messageId: null,
      lastError: null,
      leaseExpired: false,
    });
  }

  private byIds(ids: string[]): LedgerRow[] {
    return this.rows.filter((r) => ids.includes(r.id));
  }

  private leadOf(row: LedgerRow): Lead | null {
    return (row.leadId && this.leads.get(row.leadId)) || null;
  }
}
