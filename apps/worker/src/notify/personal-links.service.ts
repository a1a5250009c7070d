import { Injectable } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import { randomBytes } from 'node:crypto';
import {
  checkForm,
  credentialVersion,
  linkScope,
  readLink,
  signForm,
  signLink,
  type LinkClaims,
  type LinkScope,
} from './link-token';
import { LinkSecretRepository } from '../data/link-secret.repository';
import type { StaffRole } from '../data/staff-account';
import { StaffRepository } from '../data/staff.repository';

/** What a personal link may do now. */
export type LinkVerdict =
  | { kind: 'ok'; claims: LinkClaims; name: string; role: StaffRole }
  | { kind: 'invalid' }
  | { kind: 'expired'; leadId: string }
  | { kind: Exclude<LinkScope, 'ok'>; claims: LinkClaims };

/**
 * Makes and checks the personal links in owners' emails
 * (`PUBLIC_ADMIN_URL/admin/go/<token>`, see link-token.ts), with
 * LINK_SECRET or, without it, the secret shared through Postgres.
 */
@Injectable()
export class PersonalLinks {
  private secret: Promise<string> | null = null;

  constructor(
    private readonly secrets: LinkSecretRepository,
    private readonly staff: StaffRepository,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  private key(): Promise<string> {
    if (this.config.LINK_SECRET) return Promise.resolve(this.config.LINK_SECRET);
    // Read once per process; a failed read is tried again next time.
    this.secret ??= this.secrets.shared().catch((err: unknown) => {
      this.secret = null;
      throw err;
    });
    return this.secret;
  }

  /** The link for `login` to act on `leadId`; null when the account is gone or inactive (no link to send). */
  async linkFor(leadId: string, login: string, now = new Date()): Promise<string | null> {
    const account = await this.staff.findCredentials(login);
    if (!account?.active) return null;
    const secret = await this.key();
    const token = signLink(secret, {
      leadId,
      login: account.login,
      expiresAt: new Date(now.getTime() + this.config.LINK_TTL_HOURS * 3600_000),
      credential: credentialVersion(secret, account.passwordHash),
    });
    return `${this.config.PUBLIC_ADMIN_URL}/admin/go/${token}`;
  }

  /** A form token for one rendering of the action page of `token`. */
  async formFor(token: string, now = new Date()): Promise<string> {
    return signForm(await this.key(), token, randomBytes(12).toString('base64url'), now);
  }

  /** Whether a posted form token came from a page of `token` (good as long as links are). */
  async formOk(token: string, value: unknown, now = new Date()): Promise<boolean> {
    return checkForm(await this.key(), token, value, now, this.config.LINK_TTL_HOURS * 3600_000);
  }

  /** Reads a token and checks it against `leadId` and its account as it is now. */
  async check(token: string, leadId: string | null, now = new Date()): Promise<LinkVerdict> {
    const secret = await this.key();
    const read = readLink(secret, token, now);
    if (!read.ok) return read.reason === 'expired' ? { kind: 'expired', leadId: read.leadId } : { kind: 'invalid' };
    const account = await this.staff.findCredentials(read.claims.login);
    const scope = linkScope(
      read.claims,
      leadId ?? read.claims.leadId,
      account && { active: account.active, credential: credentialVersion(secret, account.passwordHash) },
    );
    if (scope !== 'ok') return { kind: scope, claims: read.claims };
    return { kind: 'ok', claims: read.claims, name: account!.displayName, role: account!.role };
  }
}
