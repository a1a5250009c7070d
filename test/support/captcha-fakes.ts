import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tc3Authorization } from '../../apps/gateway/src/defences/tc3-signature';

/**
 * One local stand-in for the three providers' verification APIs, answering
 * as their docs say: GeeTest v4 POST /validate, Tencent DescribeCaptchaResult
 * POST / (TC3-signed), Turnstile POST /siteverify. A token's value picks the
 * visitor's outcome: `good` passes, `bad` fails, `slow` hangs past the
 * (for Turnstile, a token starting with the word)
 * gateway's 3 s timeout. Wrong credentials or signatures are refused as the
 * real services refuse them.
 */
export interface CaptchaFakes {
  url: string;
  /** Verification calls received, by path. */
  calls: string[];
  stop(): Promise<void>;
}

export interface FakeCredentials {
  geetest: { id: string; key: string };
  tencent: { appId: string; appSecretKey: string; secretId: string; secretKey: string };
  turnstile: { secret: string };
}

export async function startCaptchaFakes(creds: FakeCredentials): Promise<CaptchaFakes> {
  const calls: string[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const path = (req.url ?? '/').split('?')[0];
      calls.push(path);
      const answer = (value: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const outcome = verdictOf(path, req, body, creds);
      if (outcome.slow) {
        await new Promise<void>((done) => {
          const t = setTimeout(done, 5000);
          pending.add(t);
        });
      }
      answer(outcome.body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((done) => {
        for (const t of pending) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function verdictOf(path: string, req: IncomingMessage, body: string, creds: FakeCredentials): { slow: boolean; body: unknown } {
  if (path === '/validate') {
    const f = new URLSearchParams(body);
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    if (query.get('captcha_id') !== creds.geetest.id)
      return { slow: false, body: { status: 'error', code: '-50001', msg: 'illegal captcha_id' } };
    const sign = createHmac('sha256', creds.geetest.key)
      .update(f.get('lot_number') ?? '')
      .digest('hex');
    if (f.get('sign_token') !== sign)
      return { slow: false, body: { status: 'success', result: 'fail', reason: 'sign_token invalid' } };
    const token = f.get('pass_token');
    return { slow: token === 'slow', body: { status: 'success', result: token === 'good' ? 'success' : 'fail', reason: '' } };
  }
  if (path === '/siteverify') {
    const f = new URLSearchParams(body);
    if (f.get('secret') !== creds.turnstile.secret)
      return { slow: false, body: { success: false, 'error-codes': ['invalid-input-response'] } };
    // Turnstile tokens are opaque: a prefix picks the outcome, so every token can be new.
    const token = f.get('response') ?? '';
    return {
      slow: token.startsWith('slow'),
      body: token.startsWith('good') ? { success: true } : { success: false, 'error-codes': ['invalid-input-response'] },
    };
  }
  if (path === '/' && req.headers['x-tc-action'] === 'DescribeCaptchaResult') {
    const t = creds.tencent;
    const expected = tc3Authorization({
      secretId: t.secretId,
      secretKey: t.secretKey,
      service: 'captcha',
      host: req.headers.host ?? '',
      payload: body,
      timestamp: Number(req.headers['x-tc-timestamp']),
    });
    if (req.headers.authorization !== expected || req.headers['content-type'] !== 'application/json; charset=utf-8') {
      return { slow: false, body: { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad signature' } } } };
    }
    const p = JSON.parse(body) as { Ticket: string; CaptchaAppId: number; AppSecretKey: string };
    const ok = p.Ticket === 'good' && String(p.CaptchaAppId) === t.appId && p.AppSecretKey === t.appSecretKey;
    return {
      slow: p.Ticket === 'slow',
      body: { Response: { CaptchaCode: ok ? 1 : 9, CaptchaMsg: ok ? 'OK' : 'verify failed', RequestId: 'r' } },
    };
  }
  return { slow: false, body: { error: 'unknown path' } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  });
}
