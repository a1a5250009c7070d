import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'batched';

/**
 * The delivery ledger: one row per notification that must go out, written
 * before sending and updated after, which is what makes alerts exactly-once.
 */
@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'lead_id', nullable: true }) leadId: string | null;
  @Column('uuid', { name: 'task_id', nullable: true }) taskId: string | null;
  @Column('text', { name: 'dedupe_key', unique: true }) dedupeKey: string;
  @Column('text') channel: string;
  /** The robot or webhook receiver (its destination id); null for email, which goes to all of MAIL_TO. */
  @Column('text', { nullable: true }) destination: string | null;
  @Column('text') kind: string;
  @Column('text', { default: 'pending' }) status: NotificationStatus;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('text', { name: 'message_id', nullable: true }) messageId: string | null;
  @Column('text', { nullable: true }) recipients: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
}
