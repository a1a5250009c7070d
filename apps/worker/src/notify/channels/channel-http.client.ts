import { Injectable } from '@nestjs/common';
import type { ChatRequest, HttpResult } from './chat-channel';

export const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TEXT = 2000;

/** Retry-After as seconds or as an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * POSTs a channel's request. Never throws: an HTTP error is an answer for
 * the channel to classify, and a network error or timeout (no answer) comes
 * back as `network`, which every channel treats as "retry". Redirects are not
 * followed: a robot or receiver that moved is a configuration matter.
 */
@Injectable()
export class ChannelHttpClient {
  async post(req: ChatRequest, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<HttpResult> {
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return networkFailure(err);
    }
    let raw: string;
    try {
      raw = await res.text();
    } catch (err) {
      // The status arrived but the body did not: whether the message was
      // taken is unknown, and retrying is the only way not to lose it.
      return networkFailure(err);
    }
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    return {
      kind: 'response',
      status: res.status,
      body,
      text: raw.slice(0, MAX_TEXT),
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    };
  }
}

function networkFailure(err: unknown): HttpResult {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const timedOut = e?.name === 'TimeoutError' || e?.name === 'AbortError';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return { kind: 'network', timedOut, error: `${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}` };
}
