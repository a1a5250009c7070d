import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../../data/audit.repository';
import { PersonalLinks, type LinkVerdict } from '../../notify/personal-links.service';
import { signedIn } from '../auth/staff-gate.service';
import { type GoAction, type GoOutcome, type GoView, LeadActionService } from './lead-action.service';

export { GO_ACTIONS, type GoAction, type GoOutcome, type GoView } from './lead-action.service';

export interface Client {
  ip: string;
  userAgent: string | null;
}

/** Why a link cannot act, and the status it is answered with. */
export type GoRefusal =
  | { status: 403; reason: 'invalid' | 'revoked' | 'scope' | 'form' }
  /** `leadId`: the expired link's own lead, where its page's login leads. */
  | { status: 410; reason: 'expired'; leadId: string }
  | { status: 404; reason: 'gone' };

/**
 * The one-tap action page behind a personal link: the token acts as its
 * login, on its lead, for these three actions only, and every use is in
 * the audit log with the client's address and user agent.
 */
@Injectable()
export class GoLinkService {
  constructor(
    private readonly links: PersonalLinks,
    private readonly actions: LeadActionService,
    private readonly audit: AuditRepository,
  ) {}

  /** The link's verdict for `leadId` (the page's own lead when null); refusals are audited. */
  async open(
    token: string,
    leadId: string | null,
    client: Client,
    use: string,
  ): Promise<GoRefusal | (LinkVerdict & { kind: 'ok' })> {
    const verdict = await this.links.check(token, leadId);
    if (verdict.kind === 'ok') return verdict;
    if (verdict.kind === 'expired') {
      await this.record('link.refused', null, leadId ?? verdict.leadId, client, { use, reason: 'expired' });
      return { status: 410, reason: 'expired', leadId: verdict.leadId };
    }
    const reason = verdict.kind === 'other-lead' ? 'scope' : verdict.kind;
    const claims = 'claims' in verdict ? verdict.claims : null;
    await this.record('link.refused', claims?.login ?? null, leadId ?? claims?.leadId ?? null, client, { use, reason });
    return { status: 403, reason };
  }

  /** The page's data; null when the lead is gone (erased). */
  async view(token: string, verdict: LinkVerdict & { kind: 'ok' }, client: Client): Promise<GoView | null> {
    const { leadId, login } = verdict.claims;
    const page = await this.actions.page(leadId, login);
    if (!page) return null;
    // Opening the page changes nothing but the audit log (chat previews and mail scanners open links).
    await this.record('link.opened', login, leadId, client, {});
    const form = await this.links.formFor(token);
    return { ...page, base: `/admin/go/${token}`, login, name: verdict.name, form, personal: true };
  }

  async formOk(token: string, value: unknown): Promise<boolean> {
    return this.links.formOk(token, value);
  }

  /** One action as the link's login. */
  async act(
    verdict: LinkVerdict & { kind: 'ok' },
    action: GoAction,
    body: Record<string, unknown>,
    client: Client,
  ): Promise<GoOutcome> {
    const { leadId, login } = verdict.claims;
    const outcome = await this.actions.act(leadId, action, body, signedIn(login, verdict.name, verdict.role), client.ip);
    if (!outcome.ok) return outcome;
    await this.record('link.used', login, leadId, client, { action, ...(outcome.to ? { to: outcome.to } : {}) });
    return { ok: true };
  }

  async refusedForm(login: string, leadId: string, client: Client, use: string): Promise<void> {
    await this.record('link.refused', login, leadId, client, { use, reason: 'form' });
  }

  private record(
    action: 'link.opened' | 'link.used' | 'link.refused',
    actor: string | null,
    leadId: string | null,
    client: Client,
    detail: Record<string, unknown>,
  ) {
    return this.audit.record({
      actor,
      action,
      subject: leadId,
      ip: client.ip,
      detail: { ...detail, userAgent: client.userAgent },
    });
  }
}
