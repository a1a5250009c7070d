import { randomUUID } from 'node:crypto';
import { postJson } from './http';
import { validLead } from './stack';
import { sleep } from './wait';

/**
 * Posts valid leads to one or more gateways (round-robin) during a fault and
 * records every answer, so an HA test can check the client's side of the
 * promise: which ids got a 202 and when, how many 503s (with Retry-After),
 * what else came back, and which requests hung.
 *
 * Two shapes of load: `concurrency` lanes that each post, await and post
 * again (closed loop, like the fault rig), or `ratePerSecond` new leads
 * started on a clock whether or not earlier ones answered (open loop: a slow
 * gateway cannot slow the visitors down).
 */
export interface LeadLoadOptions {
  /** Full POST /api/leads URLs; leads go to each in turn. */
  urls: string[];
  /** Stop starting new leads after this long (default 10 s) ... */
  durationMs?: number;
  /** ... or once this returns true, whichever comes first. */
  until?: () => boolean;
  /** Closed loop: this many lanes (default 4 when no rate is given). */
  concurrency?: number;
  /** Open loop: this many new leads per second. */
  ratePerSecond?: number;
  /** A request slower than this is a hang (default 5000 ms). */
  hangMs?: number;
  /** Abort a request after this long (default 15000 ms); recorded as status 'error'. */
  timeoutMs?: number;
  /** Retry a 503 with the same Idempotency-Key after its Retry-After (capped by maxDelayMs, default 2000). */
  retry503?: { attempts: number; maxDelayMs?: number };
  /** Builds lead `seq` (default: validLead with a numbered requirement). */
  lead?: (seq: number) => Record<string, unknown>;
}

export interface LoadAttempt {
  /** The logical lead; retries share it and its Idempotency-Key. */
  seq: number;
  attempt: number;
  url: string;
  key: string;
  status: number | 'error';
  id?: string;
  retryAfter?: string | null;
  error?: string;
  /** Start (epoch ms), latency, and whether it exceeded hangMs. */
  at: number;
  ms: number;
  hung: boolean;
}

export interface LoadSummary {
  leads: number;
  attempts: number;
  /** Unique ids answered 202. */
  accepted: number;
  status: Record<string, number>;
  unavailable: number;
  retryAfter: string[];
  errors: number;
  hangs: number;
  maxLatencyMs: number;
  /** Leads that never got a 202 (after their retries). */
  unanswered: number;
}

export class LeadLoad {
  readonly attempts: LoadAttempt[] = [];
  private seq = 0;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly settled = new Map<number, boolean>();

  constructor(readonly options: LeadLoadOptions) {
    if (options.urls.length === 0) throw new Error('LeadLoad needs at least one gateway URL');
  }

  /** Runs until durationMs, until() or stop(); resolves once every started lead has its final answer. */
  async run(): Promise<LoadSummary> {
    const o = this.options;
    const end = Date.now() + (o.durationMs ?? 10000);
    const more = () => !this.stopped && Date.now() < end && !(o.until?.() ?? false);
    if (o.ratePerSecond) {
      const gap = 1000 / o.ratePerSecond;
      for (let next = Date.now(); more(); next += gap) {
        this.track(this.postLead(this.seq++));
        await sleep(Math.max(0, next + gap - Date.now()));
      }
    } else {
      const lane = async () => {
        while (more()) await this.postLead(this.seq++);
      };
      await Promise.all(Array.from({ length: o.concurrency ?? 4 }, lane));
    }
    await Promise.all([...this.inFlight]);
    return this.summary();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Accepted attempts, earliest first. */
  get accepted(): LoadAttempt[] {
    return this.attempts.filter((a) => a.status === 202 && a.id).sort((a, b) => a.at - b.at);
  }

  /** The first 202 whose request started at or after `t` (epoch ms): when service resumed. */
  firstAcceptedAfter(t: number): LoadAttempt | undefined {
    return this.accepted.find((a) => a.at >= t);
  }

  summary(): LoadSummary {
    const status: Record<string, number> = {};
    for (const a of this.attempts) status[String(a.status)] = (status[String(a.status)] ?? 0) + 1;
    const unavailable = this.attempts.filter((a) => a.status === 503);
    return {
      leads: this.settled.size,
      attempts: this.attempts.length,
      accepted: new Set(this.accepted.map((a) => a.id)).size,
      status,
      unavailable: unavailable.length,
      retryAfter: [...new Set(unavailable.map((a) => a.retryAfter ?? '(none)'))],
      errors: status.error ?? 0,
      hangs: this.attempts.filter((a) => a.hung).length,
      maxLatencyMs: Math.max(0, ...this.attempts.map((a) => a.ms)),
      unanswered: [...this.settled.values()].filter((ok) => !ok).length,
    };
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** One logical lead: the first attempt and, on 503 with retry503, its retries under the same key. */
  private async postLead(seq: number): Promise<void> {
    const o = this.options;
    const url = o.urls[seq % o.urls.length];
    const key = randomUUID();
    const body = o.lead ? o.lead(seq) : validLead({ requirement: `ha lead #${seq}`, consent: 'true' });
    const attempts = 1 + (o.retry503?.attempts ?? 0);
    this.settled.set(seq, false);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const a = await this.attempt(seq, attempt, url, key, body);
      if (a.status === 202) this.settled.set(seq, true);
      if (a.status !== 503 || attempt === attempts || this.stopped) return;
      const advised = Number(a.retryAfter) * 1000;
      await sleep(Math.min(Number.isFinite(advised) && advised > 0 ? advised : 1000, o.retry503?.maxDelayMs ?? 2000));
    }
  }

  private async attempt(seq: number, attempt: number, url: string, key: string, body: unknown): Promise<LoadAttempt> {
    const at = Date.now();
    const base = { seq, attempt, url, key, at };
    let a: LoadAttempt;
    try {
      const res = await postJson(url, body, { timeoutMs: this.options.timeoutMs ?? 15000, headers: { 'idempotency-key': key } });
      const ms = Date.now() - at;
      a = { ...base, status: res.status, ms, hung: false, retryAfter: res.headers.get('retry-after') };
      if (res.status === 202) a.id = res.json<{ id: string }>().id;
      // Keep the body of unexpected answers: a 400 or 500 during a failover needs explaining.
      else if (res.status !== 503) a.error = res.text.slice(0, 300);
    } catch (err) {
      // fetch says only "fetch failed"; the cause tells refused from reset from our own timeout.
      const e = err as Error & { cause?: { code?: string; message?: string } };
      a = { ...base, status: 'error', ms: Date.now() - at, hung: false, error: e.cause?.code ?? e.cause?.message ?? e.message };
    }
    a.hung = a.ms > (this.options.hangMs ?? 5000);
    this.attempts.push(a);
    return a;
  }
}
