import { leadSource } from './lead-source';

describe('leadSource', () => {
  it('names the campaign source first', () => {
    expect(leadSource({ utm: { utm_source: ' baidu ', utm_medium: 'cpc' }, page: 'https://www.youpower.com.cn/x' })).toEqual({
      kind: 'utm',
      name: 'baidu',
    });
  });

  it('else the host of the page the form was on, without www', () => {
    expect(leadSource({ utm: {}, page: 'https://www.youpower.com.cn/contact?x=1' })).toEqual({
      kind: 'referrer',
      host: 'youpower.com.cn',
    });
    expect(leadSource({ utm: { utm_source: '' }, page: 'http://shop.example.com/' })).toEqual({
      kind: 'referrer',
      host: 'shop.example.com',
    });
  });

  it.each([
    ['nothing', {}],
    ['no page', { utm: null, page: null }],
    ['a page that is not a URL', { page: '<script>' }],
    ['a javascript: page', { page: 'javascript:alert(1)' }],
  ])('says a direct visit with %s', (_label, fields) => {
    expect(leadSource(fields)).toEqual({ kind: 'direct' });
  });
});
