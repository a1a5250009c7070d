import { UnrecoverableError } from 'bullmq';
import { isLeadId, LeadReceivedPayload, validateLead } from '@app/contracts';
import { checkFormPayload } from './form-payload';

/**
 * Re-checks a job payload against the lead contract. A payload that fails
 * can never succeed, so it is unrecoverable rather than retried.
 */
export function parseLeadPayload(data: unknown): LeadReceivedPayload {
  const p = data as Partial<LeadReceivedPayload> | null;
  if (!p || p.v !== 1 || !isLeadId(p.id) || !p.fields || !p.context) {
    throw new UnrecoverableError('lead job payload is not a v1 lead');
  }
  const f = p.fields;
  const check = validateLead(
    {
      name: f.name,
      phone: f.phoneRaw ?? undefined,
      email: f.email ?? undefined,
      company: f.company ?? undefined,
      requirement: f.requirement,
      ...f.utm,
      ...f.extras,
    },
    // A form may leave the requirement text out; such a job names its form.
    { consentRequired: false, phonePlans: false, requirementOptional: p.form !== undefined },
  );
  if (!check.ok) {
    throw new UnrecoverableError(
      `lead job payload breaks the field rules: ${check.errors.map((e) => `${e.field}:${e.code}`).join(', ')}`,
    );
  }
  checkFormPayload(p);
  if (Number.isNaN(Date.parse(p.context.receivedAt))) throw new UnrecoverableError('lead job payload has no valid receivedAt');
  return p as LeadReceivedPayload;
}
