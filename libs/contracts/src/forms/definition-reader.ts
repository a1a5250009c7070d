import type { FormDefinitionError, FormDefinitionErrorCode, LocalText } from './form.types';

/** Collects definition errors by JSON path while reading untrusted input. */
export class DefinitionReader {
  readonly errors: FormDefinitionError[] = [];

  fail(field: string, code: FormDefinitionErrorCode, limit?: number): undefined {
    this.errors.push(limit === undefined ? { field, code } : { field, code, limit });
    return undefined;
  }

  hasErrorUnder(path: string): boolean {
    return this.errors.some((e) => e.field === path || e.field.startsWith(`${path}.`) || e.field.startsWith(`${path}[`));
  }

  text(raw: unknown, path: string, max: number, required = false): string | undefined {
    if (raw === undefined || raw === null || raw === '') return required ? this.fail(path, 'required') : undefined;
    if (typeof raw !== 'string') return this.fail(path, 'invalid');
    const value = raw.trim();
    if (!value) return required ? this.fail(path, 'required') : undefined;
    if ([...value].length > max) return this.fail(path, 'too_long', max);
    if (/[\p{Cc}\u2028\u2029]/u.test(value) || /[\ud800-\udfff]/u.test(value)) return this.fail(path, 'invalid');
    return value;
  }

  localText(raw: unknown, path: string, max: number, required: boolean): LocalText | undefined {
    if (raw === undefined || raw === null) return required ? this.fail(path, 'required') : undefined;
    if (!isRecord(raw)) return this.fail(path, 'invalid');
    const zh = this.text(raw.zh, `${path}.zh`, max, true);
    const en = this.text(raw.en, `${path}.en`, max, true);
    return zh !== undefined && en !== undefined ? { zh, en } : undefined;
  }

  bool(raw: unknown, path: string): boolean | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'boolean') return this.fail(path, 'invalid');
    return raw;
  }

  int(raw: unknown, path: string, min: number, max: number): number | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) return this.fail(path, 'invalid', max);
    return raw;
  }

  number(raw: unknown, path: string): number | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return this.fail(path, 'invalid');
    return raw;
  }

  /** An array of at most `max` entries (undefined: empty); the entries are the caller's to read. */
  list(raw: unknown, path: string, max: number): unknown[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) return this.fail(path, 'invalid') ?? [];
    if (raw.length > max) return this.fail(path, 'too_many', max) ?? [];
    return raw;
  }

  /** A list of distinct short strings, each checked by `valid`. */
  strings(
    raw: unknown,
    path: string,
    max: number,
    itemMax: number,
    valid: (s: string) => FormDefinitionErrorCode | null,
  ): string[] {
    const out: string[] = [];
    this.list(raw, path, max).forEach((item, i) => {
      const value = this.text(item, `${path}[${i}]`, itemMax, true);
      if (value === undefined) return;
      const problem = valid(value);
      if (problem) this.fail(`${path}[${i}]`, problem);
      else if (out.includes(value)) this.fail(`${path}[${i}]`, 'duplicate');
      else out.push(value);
    });
    return out;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
