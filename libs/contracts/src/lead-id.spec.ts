import { isLeadId, keyedLeadId, newLeadId } from './lead-id';
import { leadReference } from './lead-reference';

const version = (id: string) => id[14];

describe('newLeadId', () => {
  it('is a fresh random v4 each time', () => {
    const a = newLeadId();
    expect(a).not.toBe(newLeadId());
    expect(isLeadId(a)).toBe(true);
    expect(version(a)).toBe('4');
  });
});

describe('keyedLeadId', () => {
  it('gives the same v8 id for the same key and secret', () => {
    const a = keyedLeadId('order-form-7f3a', 'secret-one');
    expect(keyedLeadId('order-form-7f3a', 'secret-one')).toBe(a);
    expect(isLeadId(a)).toBe(true);
    expect(version(a)).toBe('8');
    expect('89ab').toContain(a[19]); // RFC 9562 variant
  });

  it('cannot be computed from the key alone: another secret gives another id', () => {
    expect(keyedLeadId('order-form-7f3a', 'secret-one')).not.toBe(keyedLeadId('order-form-7f3a', 'secret-two'));
  });

  it('gives a different id for a different key', () => {
    expect(keyedLeadId('k1', 'secret')).not.toBe(keyedLeadId('k2', 'secret'));
  });
});

describe('leadReference', () => {
  it('is the first 8 hex digits in capitals, the same for the id in any case', () => {
    expect(leadReference('3f9a2c1b-e2bb-4255-8caf-4136c566a962')).toBe('3F9A2C1B');
    expect(leadReference('3F9A2C1B-E2BB-4255-8CAF-4136C566A962')).toBe('3F9A2C1B');
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
