import { isLeadId, leadIdFor } from './lead-id';

// Computed once from the namespace 5f0c2f7e-8d3a-4b1c-9e6a-7b2d4c1f0e9a and the
// name "leads\0order-form-7f3a"; it must never change.
const PINNED = '53b22983-665d-5758-a9fb-6db10a75ff01';

const version = (id: string) => id[14];

describe('leadIdFor', () => {
  it('derives the same UUIDv5 for the same key and scope (a retried post finds its lead)', () => {
    const a = leadIdFor('order-form-7f3a', 'leads');
    const b = leadIdFor('order-form-7f3a', 'leads');
    expect(a).toBe(b);
    expect(isLeadId(a)).toBe(true);
    expect(version(a)).toBe('5');
    expect('89ab').toContain(a[19]); // RFC 9562 variant
  });

  it('never changes across releases: the namespace and name layout are part of the contract', () => {
    // A post retried across a deploy must still map to the job and row it
    // created before; a changed namespace would silently make a second lead.
    expect(leadIdFor('order-form-7f3a', 'leads')).toBe(PINNED);
  });

  it('gives a different id in a different scope (two deployments never collide)', () => {
    expect(leadIdFor('order-form-7f3a', 'leads')).not.toBe(leadIdFor('order-form-7f3a', 'staging'));
  });

  it('gives a different id for a different key', () => {
    expect(leadIdFor('k1', 'leads')).not.toBe(leadIdFor('k2', 'leads'));
  });

  it('keeps key and scope apart, so "a"+"bc" is not "ab"+"c"', () => {
    expect(leadIdFor('bc', 'a')).not.toBe(leadIdFor('c', 'ab'));
  });

  it.each([undefined, ''])('is a fresh random v4 without a key (%p)', (key) => {
    const a = leadIdFor(key, 'leads');
    const b = leadIdFor(key, 'leads');
    expect(a).not.toBe(b);
    expect(isLeadId(a)).toBe(true);
    expect(version(a)).toBe('4');
  });
});

describe('isLeadId', () => {
  it.each([
    ['a v4', '3b241101-e2bb-4255-8caf-4136c566a962'],
    ['upper case', '3B241101-E2BB-4255-8CAF-4136C566A962'],
  ])('accepts %s', (_label, id) => {
    expect(isLeadId(id)).toBe(true);
  });

  it.each([
    ['nil UUID', '00000000-0000-0000-0000-000000000000'],
    ['no dashes', '3b241101e2bb42558caf4136c566a962'],
    ['SQL', "3b241101-e2bb-4255-8caf-4136c566a962' OR 1=1"],
    ['wrong variant', '3b241101-e2bb-4255-7caf-4136c566a962'],
    ['a number', 42],
    ['undefined', undefined],
  ])('refuses %s', (_label, id) => {
    expect(isLeadId(id)).toBe(false);
  });
});
