import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { isLeadId, LeadReceivedPayload, storableText, t, type Lang } from '@app/contracts';
import { AuditRepository } from '../data/audit.repository';
import { DeadLetter, DeadLetterRepository } from '../data/dead-letter.repository';
import { IntakeProducer } from '../queue/intake-producer.service';

/** Every string and key of a JSON value made storable (lone surrogates as U+FFFD, NUL removed). */
export function repairedValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(repairedValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), repairedValue(v)]));
  }
  return value;
}

/** The payload repaired, when it is still a v1 lead the intake can take. */
export function repairedLead(payload: string): LeadReceivedPayload | null {
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    return null;
  }
  const p = repairedValue(data) as Partial<LeadReceivedPayload> | null;
  if (!p || p.v !== 1 || !isLeadId(p.id) || !p.fields || !p.context) return null;
  return p as LeadReceivedPayload;
}

/** A dead letter as staff see it: the raw payload shown repaired, so the page itself is valid text. */
export interface DeadLetterView extends Omit<DeadLetter, 'payload'> {
  payload: string;
  repairable: boolean;
}

/** What staff do with accepted leads that could not be stored. */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly deadLetters: DeadLetterRepository,
    private readonly intake: IntakeProducer,
    private readonly audit: AuditRepository,
  ) {}

  async list(): Promise<DeadLetterView[]> {
    return (await this.deadLetters.list()).map((d) => ({
      ...d,
      payload: storableText(d.payload),
      repairable: repairedLead(d.payload) !== null,
    }));
  }

  countOpen(): Promise<number> {
    return this.deadLetters.countOpen();
  }

  /** Runs the repaired payload through intake again as the same lead (its alert and owner follow as usual). */
  async store(id: string, actor: string, ip: string, lang: Lang): Promise<{ id: string; leadId: string; queued: string }> {
    const dl = await this.open(id, lang);
    const lead = repairedLead(dl.payload);
    if (!lead)
      throw new UnprocessableEntityException({ error: 'not_storable', message: t(lang, 'deadLetter.error.not_storable') });
    const queued = await this.intake.replay(dl.jobId, lead);
    await this.deadLetters.resolve(id, actor, 'stored');
    await this.audit.record({ actor, action: 'dead-letter.stored', subject: lead.id, ip, detail: { deadLetterId: id } });
    return { id, leadId: lead.id, queued };
  }

  async dismiss(id: string, actor: string, ip: string, lang: Lang): Promise<{ id: string }> {
    await this.open(id, lang);
    if (!(await this.deadLetters.resolve(id, actor, 'dismissed'))) this.notOpen(lang);
    await this.audit.record({ actor, action: 'dead-letter.dismissed', subject: id, ip });
    return { id };
  }

  private async open(id: string, lang: Lang): Promise<DeadLetter> {
    const dl = isLeadId(id) ? await this.deadLetters.find(id) : null;
    if (!dl) throw new NotFoundException();
    if (dl.resolvedAt) this.notOpen(lang);
    return dl;
  }

  private notOpen(lang: Lang): never {
    throw new ConflictException({ error: 'not_open', message: t(lang, 'deadLetter.error.not_open') });
  }
}
