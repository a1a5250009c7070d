import { CONTACT_RESULTS, ContactResult } from '../data/contact-attempt';

export const CONTACT_NOTE_MAX = 1000;

export interface FieldError {
  field: string;
  message: string;
}

export type ContactInput = { result: ContactResult; note: string | null };

// Postgres text holds neither NUL nor a lone UTF-16 surrogate, and the other
// control characters (but tab and line breaks) are never meant in a note.
const UNSTORABLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Checks POST /admin/leads/:id/contacts: every problem, by field, or the attempt. */
export function parseContactAttempt(body: unknown): { ok: true; value: ContactInput } | { ok: false; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'send a JSON object with result and an optional note' }] };
  }
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const result = b.result;
  if (typeof result !== 'string' || !(CONTACT_RESULTS as readonly string[]).includes(result)) {
    errors.push({ field: 'result', message: `result must be one of ${CONTACT_RESULTS.join(', ')}` });
  }
  let note: string | null = null;
  if (b.note !== undefined && b.note !== null) {
    if (typeof b.note !== 'string' || b.note.length > CONTACT_NOTE_MAX || UNSTORABLE.test(b.note)) {
      errors.push({ field: 'note', message: `note must be text of at most ${CONTACT_NOTE_MAX} characters` });
    } else {
      note = b.note.trim() || null;
    }
  }
  for (const field of Object.keys(b)) {
    if (field !== 'result' && field !== 'note') errors.push({ field, message: `${field} is not a field of a contact attempt` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { result: result as ContactResult, note } };
}
