import { ConflictException, NotFoundException } from '@nestjs/common';
import type { SignedInStaff } from '../data/staff-account';
import type { FormInput } from '@app/contracts';
import type { AuditRepository } from '../data/audit.repository';
import type { FormRecord, FormRepository } from '../data/form.repository';
import type { FormsPublisher } from './forms-publisher.service';
import { FormDefinitionInvalid, FormsService } from './forms.service';

/** The forms table in memory: a slug once, a version per change, a change refused when `expected` is stale. */
class InMemoryForms {
  readonly rows = new Map<string, FormRecord>();

  async list(): Promise<FormRecord[]> {
    return [...this.rows.values()];
  }

  async find(slug: string): Promise<FormRecord | null> {
    return this.rows.get(slug) ?? null;
  }

  async create(input: FormInput, actor: string): Promise<FormRecord | null> {
    if (this.rows.has(input.slug)) return null;
    const now = new Date();
    const row = { ...input, version: 1, createdAt: now, updatedAt: now, updatedBy: actor } as unknown as FormRecord;
    this.rows.set(input.slug, row);
    return row;
  }

  async update(input: FormInput, actor: string, expected: number | null): Promise<FormRecord | null> {
    const current = this.rows.get(input.slug);
    if (!current || (expected !== null && expected !== current.version)) return null;
    const row = { ...current, ...input, version: current.version + 1, updatedBy: actor } as FormRecord;
    this.rows.set(input.slug, row);
    return row;
  }
}

const quote = {
  slug: 'quote',
  name: 'Request a quote',
  fields: [{ key: 'name' }, { key: 'email', required: true }],
};

describe('FormsService', () => {
  const by = { account: { login: 'boss', displayName: 'boss', role: 'admin' } as SignedInStaff, ip: '203.0.113.1' };
  let forms: InMemoryForms;
  let audit: { action: string; subject: string | null; detail?: Record<string, unknown> }[];
  let published: number;
  let service: FormsService;

  beforeEach(() => {
    forms = new InMemoryForms();
    audit = [];
    published = 0;
    service = new FormsService(
      forms as unknown as FormRepository,
      { record: async (e: (typeof audit)[number]) => void audit.push(e) } as unknown as AuditRepository,
      { publishQuietly: async () => void published++ } as unknown as FormsPublisher,
    );
  });

  it('creates a valid form at version 1 with its defaults, audits it and publishes the snapshot', async () => {
    const form = await service.create(quote, by);
    expect(form).toMatchObject({ slug: 'quote', version: 1, status: 'active', updatedBy: 'boss' });
    expect(audit).toEqual([expect.objectContaining({ action: 'form.created', subject: 'quote', detail: { version: 1 } })]);
    expect(published).toBe(1);
  });

  it('refuses an invalid definition with every problem by its path, storing and publishing nothing', async () => {
    const err = await service.create({ slug: 'Bad Slug!', fields: 'none' }, by).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormDefinitionInvalid);
    const fields = (err as FormDefinitionInvalid).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['slug']));
    expect(fields.length).toBeGreaterThan(1);
    expect(forms.rows.size).toBe(0);
    expect(published).toBe(0);
  });

  it('answers 409 for a slug taken', async () => {
    await service.create(quote, by);
    await expect(service.create(quote, by)).rejects.toBeInstanceOf(ConflictException);
    expect(published).toBe(1);
  });

  it('merges a patch onto the current form, versions it and audits the fields changed', async () => {
    await service.create(quote, by);
    const form = await service.update('quote', { name: 'Quote us', status: 'paused', version: 1 }, by);
    expect(form).toMatchObject({ name: 'Quote us', status: 'paused', version: 2, fields: expect.any(Array) });
    expect(audit[1]).toMatchObject({
      action: 'form.changed',
      subject: 'quote',
      detail: { version: 2, fields: ['name', 'status'], status: 'paused' },
    });
    expect(published).toBe(2);
  });

  it('refuses a change made on a stale version (someone saved meanwhile) with 409', async () => {
    await service.create(quote, by);
    await service.update('quote', { name: 'First edit' }, by);
    await expect(service.update('quote', { name: 'Late edit', version: 1 }, by)).rejects.toBeInstanceOf(ConflictException);
    expect(forms.rows.get('quote')!.name).toBe('First edit');
  });

  it('refuses to change the slug, an invalid patch, or a form that does not exist', async () => {
    await service.create(quote, by);
    await expect(service.update('quote', { slug: 'other' }, by)).rejects.toBeInstanceOf(FormDefinitionInvalid);
    await expect(service.update('quote', { fields: [{ key: 'Bad Key' }] }, by)).rejects.toBeInstanceOf(FormDefinitionInvalid);
    await expect(service.update('nope', { name: 'x' }, by)).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.get('nope')).rejects.toThrow('forms.notFound');
    expect(forms.rows.get('quote')!.version).toBe(1);
  });
});
