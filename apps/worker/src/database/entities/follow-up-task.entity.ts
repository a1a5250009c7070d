import { Column, Entity, JoinColumn, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Lead } from './lead.entity';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** How a done task ended: 成交, 有意向, 无意向, 无效信息, 垃圾. */
export const TASK_OUTCOMES = ['won', 'qualified', 'unqualified', 'invalid', 'spam'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

@Entity('follow_up_tasks')
export class FollowUpTask {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'lead_id', unique: true }) leadId: string;
  @OneToOne(() => Lead, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead;
  @Column('text', { default: 'open' }) status: TaskStatus;
  @Column('text', { nullable: true }) assignee: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column('text', { name: 'updated_by', nullable: true }) updatedBy: string | null;
  @Column('timestamptz', { name: 'done_at', nullable: true }) doneAt: Date | null;
  @Column('text', { nullable: true }) outcome: TaskOutcome | null;
  // The first touch, recorded once (leads/first-touch.repository.ts); null until then.
  @Column('timestamptz', { name: 'first_touch_at', nullable: true }) firstTouchAt: Date | null;
  @Column('text', { name: 'first_touch_by', nullable: true }) firstTouchBy: string | null;
  @Column('integer', { name: 'response_seconds', nullable: true }) responseSeconds: number | null;
  @Column('integer', { name: 'response_business_seconds', nullable: true }) responseBusinessSeconds: number | null;
  // When the current owner got the task (null: at its creation) and how often a silent owner lost it.
  @Column('timestamptz', { name: 'assigned_at', nullable: true }) assignedAt: Date | null;
  @Column('integer', { default: 0 }) reroutes: number;
}
