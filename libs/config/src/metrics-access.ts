import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsVerdict =
  /** METRICS_PUBLIC: anyone may scrape. */
  | { kind: 'open' }
  /** The right bearer token. */
  | { kind: 'ok' }
  /** No METRICS_TOKEN configured and not public: nobody may scrape. */
  | { kind: 'closed' }
  /** No token, or a wrong one. */
  | { kind: 'unauthorized' }
  /** Too many failures from this client in the current minute; the token was not even compared. */
  | { kind: 'throttled'; retryAfterSeconds: number };

export interface MetricsAccessOptions {
  token?: string;
  isPublic: boolean;
  /** Failed attempts per client per minute before every attempt from it is refused until the minute ends. */
  maxFailuresPerMinute?: number;
  /** Distinct clients counted at once; beyond it they share one count, so spreading over many addresses gains nothing. */
  maxClients?: number;
  now?: () => number;
}

const WINDOW_MS = 60_000;
const OVERFLOW = '\u0000overflow';

/** The token of an `Authorization: Bearer <token>` header (RFC 6750), or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer +(\S+) *$/i.exec(header) : null;
  return match ? match[1] : null;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Who may read /metrics: the bearer token METRICS_TOKEN, compared in
 * constant time, or anyone with METRICS_PUBLIC. Failed attempts are counted
 * per client in one-minute windows; a client past the limit is refused
 * before its token is looked at, so a weak token still cannot be guessed
 * at speed. The count lives in the process (each replica counts its own):
 * the endpoint must answer while Redis is down, when its numbers matter most.
 */
export class MetricsAccess {
  private readonly expected: Buffer | null;
  private readonly maxFailures: number;
  private readonly maxClients: number;
  private readonly now: () => number;
  private windowStart = 0;
  private readonly failures = new Map<string, number>();

  constructor(private readonly options: MetricsAccessOptions) {
    this.expected = options.token ? digest(options.token) : null;
    this.maxFailures = options.maxFailuresPerMinute ?? 10;
    this.maxClients = options.maxClients ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether a token is configured at all. */
  get enabled(): boolean {
    return this.expected !== null;
  }

  check(authorization: string | undefined, client: string): MetricsVerdict {
    if (this.options.isPublic) return { kind: 'open' };
    if (!this.expected) return { kind: 'closed' };
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now - ((now - this.windowStart) % WINDOW_MS);
      this.failures.clear();
    }
    const bucket = this.failures.has(client) || this.failures.size < this.maxClients ? client : OVERFLOW;
    const failed = this.failures.get(bucket) ?? 0;
    if (failed >= this.maxFailures) {
      return { kind: 'throttled', retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - now) / 1000)) };
    }
    const token = bearerToken(authorization);
    // Digests have one length whatever was sent, so the comparison time says nothing about the token.
    if (token !== null && timingSafeEqual(digest(token), this.expected)) return { kind: 'ok' };
    this.failures.set(bucket, failed + 1);
    return { kind: 'unauthorized' };
  }
}
