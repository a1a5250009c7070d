/**
 * Thin fetch wrappers. Redirects are never followed (the 303 itself is under
 * test) and every request has a deadline, so a hanging app fails the test
 * instead of stalling the suite.
 */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws with the body in the message if it is not JSON). */
  json<T = any>(): T;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function request(
  method: string,
  url: string,
  body?: string | Buffer,
  options: RequestOptions = {},
): Promise<HttpResult> {
  const res = await fetch(url, {
    method,
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
    headers: options.headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 10000),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json() {
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`expected JSON from ${method} ${url}, got ${res.status}: ${text.slice(0, 300)}`);
      }
    },
  };
}

export function get(url: string, options: RequestOptions = {}): Promise<HttpResult> {
  return request('GET', url, undefined, options);
}

/** POST a value as JSON (anything JSON.stringify accepts, arrays included). */
export function postJson(url: string, body: unknown, options: RequestOptions = {}): Promise<HttpResult> {
  return request('POST', url, JSON.stringify(body), {
    ...options,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
  });
}

/** POST like a plain HTML <form>: application/x-www-form-urlencoded. */
export function postForm(
  url: string,
  fields: Record<string, string> | [string, string][],
  options: RequestOptions = {},
): Promise<HttpResult> {
  return request('POST', url, new URLSearchParams(fields).toString(), {
    ...options,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
  });
}

/** What a browser sends for a form submit: it prefers HTML. */
export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}
