import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('leads')
export class Lead {
  /** The id the gateway returned to the visitor (also the BullMQ job id). */
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { name: 'phone_raw', nullable: true }) phoneRaw: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) company: string | null;
  @Column('text') requirement: string;
  @Column('boolean', { default: false }) consent: boolean;
  @Column('timestamptz', { name: 'consent_at', nullable: true }) consentAt: Date | null;
  @Column('text', { name: 'privacy_policy_version', nullable: true }) privacyPolicyVersion: string | null;
  @Column('jsonb', { default: {} }) utm: Record<string, string>;
  @Column('jsonb', { default: {} }) extras: Record<string, string>;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent: string | null;
  @Column('text', { nullable: true }) page: string | null;
  @Column('timestamptz', { name: 'received_at' }) receivedAt: Date;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'erased_at', nullable: true }) erasedAt: Date | null;
  @Column('real', { name: 'spam_score', nullable: true }) spamScore: number | null;
  @Column('jsonb', { name: 'spam_reasons', nullable: true }) spamReasons: string[] | null;
  @Column('boolean', { default: false }) quarantined: boolean;
}
