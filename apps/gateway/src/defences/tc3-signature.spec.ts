import { tc3Authorization } from './tc3-signature';

describe('tc3Authorization', () => {
  it("matches the worked example of Tencent Cloud's API v3 signing documentation", () => {
    const auth = tc3Authorization({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
      timestamp: 1551113065,
    });
    expect(auth).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('scopes the signature to the UTC day of the timestamp', () => {
    const at = (timestamp: number) =>
      tc3Authorization({ secretId: 'id', secretKey: 'k', service: 'captcha', host: 'h', payload: '{}', timestamp });
    // 2019-02-26 00:44 in Beijing is still the 25th in UTC.
    expect(at(1551113065)).toContain('/2019-02-25/captcha/');
  });
});
