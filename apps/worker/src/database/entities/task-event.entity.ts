import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change to a follow-up task: who, when, from, to, and why. */
@Entity('task_events')
export class TaskEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid', { name: 'task_id' }) taskId: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus: string | null;
  @Column('text', { name: 'to_status', nullable: true }) toStatus: string | null;
  @Column('text', { name: 'from_assignee', nullable: true }) fromAssignee: string | null;
  @Column('text', { name: 'to_assignee', nullable: true }) toAssignee: string | null;
  @Column('text', { nullable: true }) note: string | null;
}
