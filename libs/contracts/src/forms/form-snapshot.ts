import { parseFormInput } from './form-definition';
import type { FormDefinition } from './form.types';

/**
 * The forms the gateways serve (active and paused), as the worker publishes
 * them to Redis. `revision` only grows (a Postgres sequence), so a gateway
 * and the compare-and-set that writes the key can tell newer from older.
 */
export interface FormsSnapshot {
  revision: number;
  forms: FormDefinition[];
}

/** The Redis key holding the snapshot, under the deployment's key prefix (queueKeyPrefix). */
export function formsSnapshotKey(prefix: string): string {
  return `${prefix}:forms:snapshot`;
}

/** The pub/sub channel that says a newer snapshot is there; the message is its revision. */
export function formsChangedChannel(prefix: string): string {
  return `${prefix}:forms:changed`;
}

/**
 * Reads a snapshot from Redis text. Every form is re-checked as an admin's
 * input would be, so a damaged entry is dropped rather than served; null
 * when the text is no snapshot at all.
 */
export function parseFormsSnapshot(text: string | null): FormsSnapshot | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const r = raw as Partial<FormsSnapshot> | null;
  if (!r || typeof r.revision !== 'number' || !Array.isArray(r.forms)) return null;
  const forms: FormDefinition[] = [];
  for (const entry of r.forms as unknown[]) {
    const version = (entry as { version?: unknown } | null)?.version;
    const parsed = parseFormInput(entry);
    if (parsed.ok && typeof version === 'number' && Number.isInteger(version)) forms.push({ ...parsed.value, version });
  }
  return { revision: r.revision, forms };
}
