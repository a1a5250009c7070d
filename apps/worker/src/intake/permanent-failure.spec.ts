import { isPermanentDataError, sqlState } from './permanent-failure';

const pgError = (code: string) => Object.assign(new Error('pg'), { code });

describe('isPermanentDataError', () => {
  it.each([
    ['22P02', 'invalid input syntax for type json'],
    ['22021', 'character not in repertoire'],
    ['22P05', 'untranslatable character'],
    ['22001', 'string too long'],
    ['23502', 'not null violation'],
    ['23514', 'check violation'],
    ['54000', 'index row too large'],
  ])('treats %s (%s) as permanent', (code) => {
    expect(isPermanentDataError(pgError(code))).toBe(true);
  });

  it.each([
    ['08006', 'connection failure'],
    ['57P01', 'admin shutdown'],
    ['40P01', 'deadlock'],
    ['40001', 'serialization failure'],
    ['55P03', 'lock not available'],
    ['53300', 'too many connections'],
    ['23505', 'unique violation (a race the statement resolves)'],
    ['42883', 'undefined function: a bug a deploy fixes'],
  ])('keeps %s (%s) retryable', (code) => {
    expect(isPermanentDataError(pgError(code))).toBe(false);
  });

  it('reads the code through a TypeORM wrapper and ignores errors without one', () => {
    const wrapped = Object.assign(new Error('QueryFailedError'), { driverError: pgError('22P02') });
    expect(sqlState(wrapped)).toBe('22P02');
    expect(isPermanentDataError(wrapped)).toBe(true);
    expect(isPermanentDataError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isPermanentDataError(new Error('SMTP 421'))).toBe(false);
    expect(isPermanentDataError(null)).toBe(false);
  });
});
