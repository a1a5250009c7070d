import { withFormOrigins } from './form-frame-policy';

const HELMET =
  "default-src 'none';script-src 'self';form-action 'self' https://www.example.cn;frame-ancestors 'self' https://www.example.cn";

describe('withFormOrigins', () => {
  it("lets only the form's own sites frame the page and receive its post", () => {
    const policy = withFormOrigins(HELMET, ['https://shop.example.com', 'https://fair.example.com']);
    expect(policy).toContain("frame-ancestors 'self' https://shop.example.com https://fair.example.com");
    expect(policy).toContain("form-action 'self' https://shop.example.com https://fair.example.com");
    expect(policy).not.toContain('www.example.cn');
    expect(policy).toContain("default-src 'none';script-src 'self'");
  });

  it('keeps the deployment-wide policy for a form without origins', () => {
    expect(withFormOrigins(HELMET, [])).toBe(HELMET);
  });

  it('leaves a policy without those directives as it was apart from them', () => {
    expect(withFormOrigins("default-src 'none'", ['https://a.example'])).toBe("default-src 'none'");
  });
});
