import { geetest, tencent, turnstile } from './captcha-providers';
import { tc3Authorization } from './tc3-signature';

const now = new Date(1551113065_000);

describe('geetest', () => {
  const p = geetest({ id: 'gt-id', key: 'b902e0c2b6d6b42eb2b9e4d0b1d2b5e1', baseUrl: 'http://fake' });
  const token = JSON.stringify({
    lot_number: '4dc3cfc2cdff448cad8d13107198d473',
    captcha_output: 'out',
    pass_token: 'pt',
    gen_time: '1700000000',
  });

  it('posts the widget fields with sign_token = HMAC-SHA256(key, lot_number) in hex', () => {
    const r = p.request(token, '1.2.3.4', now)!;
    expect(r.url).toBe('http://fake/validate?captcha_id=gt-id');
    const body = new URLSearchParams(r.body);
    expect(body.get('lot_number')).toBe('4dc3cfc2cdff448cad8d13107198d473');
    expect(body.get('pass_token')).toBe('pt');
    expect(body.get('gen_time')).toBe('1700000000');
    // openssl dgst -sha256 -hmac <key> of the lot number
    expect(body.get('sign_token')).toBe('b15a54ff6a07b797e57b18b46a2a362e32069fa5ac12bcf49ea47ca2ed422cbd');
  });

  it('refuses a token the widget could not have made', () => {
    expect(p.request('plain', '1.2.3.4', now)).toBeNull();
    expect(p.request(JSON.stringify({ lot_number: 'x' }), '1.2.3.4', now)).toBeNull();
  });

  it('reads pass, fail and an error status', () => {
    expect(p.verdict(200, { status: 'success', result: 'success' })).toBe('pass');
    expect(p.verdict(200, { status: 'success', result: 'fail', reason: 'pass_token expire' })).toBe('fail');
    expect(p.verdict(200, { status: 'error', code: '-50005' })).toBe('error');
    expect(p.verdict(502, 'bad gateway')).toBe('error');
  });
});

describe('tencent', () => {
  const p = tencent({ id: '190000000', key: 'appsecret:AKIDexample:sk-example', baseUrl: 'http://fake:8080' });

  it('builds a TC3-signed DescribeCaptchaResult call', () => {
    const r = p.request(JSON.stringify({ ticket: 't', randstr: '@r' }), '1.2.3.4', now)!;
    expect(r.url).toBe('http://fake:8080/');
    expect(JSON.parse(r.body)).toEqual({
      CaptchaType: 9,
      Ticket: 't',
      UserIp: '1.2.3.4',
      Randstr: '@r',
      CaptchaAppId: 190000000,
      AppSecretKey: 'appsecret',
    });
    expect(r.headers['x-tc-action']).toBe('DescribeCaptchaResult');
    expect(r.headers['x-tc-version']).toBe('2019-07-22');
    expect(r.headers['x-tc-timestamp']).toBe('1551113065');
    expect(r.headers.authorization).toBe(
      tc3Authorization({
        secretId: 'AKIDexample',
        secretKey: 'sk-example',
        service: 'captcha',
        host: 'fake:8080',
        payload: r.body,
        timestamp: 1551113065,
      }),
    );
  });

  it('reads CaptchaCode 1 as a pass, other codes as a fail and an Error as the call failing', () => {
    expect(p.verdict(200, { Response: { CaptchaCode: 1, CaptchaMsg: 'OK', RequestId: 'x' } })).toBe('pass');
    expect(p.verdict(200, { Response: { CaptchaCode: 9, CaptchaMsg: 'ticket reused' } })).toBe('fail');
    expect(p.verdict(200, { Response: { Error: { Code: 'AuthFailure.SignatureFailure' } } })).toBe('error');
  });
});

describe('turnstile', () => {
  const p = turnstile({ id: 'site', key: 'secret', baseUrl: 'http://fake' });

  it('posts secret, response and the client address to siteverify', () => {
    const r = p.request('tok', '1.2.3.4', now)!;
    expect(r.url).toBe('http://fake/siteverify');
    expect(Object.fromEntries(new URLSearchParams(r.body))).toEqual({ secret: 'secret', response: 'tok', remoteip: '1.2.3.4' });
  });

  it("reads success, a visitor's failure and Cloudflare's own", () => {
    expect(p.verdict(200, { success: true })).toBe('pass');
    expect(p.verdict(200, { success: false, 'error-codes': ['timeout-or-duplicate'] })).toBe('fail');
    expect(p.verdict(200, { success: false, 'error-codes': ['internal-error'] })).toBe('error');
  });
});
