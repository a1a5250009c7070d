import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { SignedInStaff } from '../data/staff-account';
import { FormDefinitionError, FormInput, mergeFormPatch, parseFormInput } from '@app/contracts';
import { AuditRepository } from '../data/audit.repository';
import { FormRecord, FormRepository } from '../data/form.repository';
import { FormsPublisher } from './forms-publisher.service';

/** A definition refused, with each problem by its JSON path. */
export class FormDefinitionInvalid extends Error {
  constructor(readonly errors: FormDefinitionError[]) {
    super('invalid form definition');
  }
}

export interface FormChangeActor {
  account: SignedInStaff;
  ip: string;
}

/** Creating and editing forms: validated, versioned, audited, and published to the gateways. */
@Injectable()
export class FormsService {
  constructor(
    private readonly forms: FormRepository,
    private readonly audit: AuditRepository,
    private readonly publisher: FormsPublisher,
  ) {}

  list(): Promise<FormRecord[]> {
    return this.forms.list();
  }

  async get(slug: string): Promise<FormRecord> {
    const form = await this.forms.find(slug);
    if (!form) throw new NotFoundException('forms.notFound');
    return form;
  }

  async create(body: unknown, by: FormChangeActor): Promise<FormRecord> {
    const input = valid(parseFormInput(body));
    const form = await this.forms.create(input, by.account.login);
    if (!form) throw new ConflictException('forms.slugTaken');
    await this.audit.record({
      actor: by.account.login,
      action: 'form.created',
      subject: form.slug,
      ip: by.ip,
      detail: { version: 1 },
    });
    await this.publisher.publishQuietly();
    return form;
  }

  /** A PATCH: merged onto the current form; with `version` in the body, refused (409) if someone changed it since. */
  async update(slug: string, body: unknown, by: FormChangeActor): Promise<FormRecord> {
    const current = await this.get(slug);
    const expected =
      typeof (body as { version?: unknown } | null)?.version === 'number' ? (body as { version: number }).version : null;
    const input = valid(mergeFormPatch(current, body));
    const form = await this.forms.update(input, by.account.login, expected);
    if (!form) throw new ConflictException('forms.conflict');
    const changed = Object.keys(body as object).filter((k) => k !== 'version');
    await this.audit.record({
      actor: by.account.login,
      action: 'form.changed',
      subject: slug,
      ip: by.ip,
      detail: { version: form.version, fields: changed, status: form.status },
    });
    await this.publisher.publishQuietly();
    return form;
  }

  /** Publishes the forms after a change made elsewhere (a team's rename rewrote some). */
  republish(): Promise<void> {
    return this.publisher.publishQuietly();
  }
}

function valid(result: { ok: true; value: FormInput } | { ok: false; errors: FormDefinitionError[] }): FormInput {
  if (!result.ok) throw new FormDefinitionInvalid(result.errors);
  return result.value;
}
