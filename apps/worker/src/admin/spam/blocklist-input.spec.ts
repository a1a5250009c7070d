import { parseBlockRequest } from './blocklist-input';

describe('parseBlockRequest', () => {
  it('takes one phone, email or IP, stored as the lead holds it, for 30 days unless told', () => {
    expect(parseBlockRequest({ phone: ' 139 8765 4321 ' })).toEqual({ kind: 'phone', value: '+8613987654321', days: 30 });
    expect(parseBlockRequest({ email: 'Bot@Mailinator.COM', days: 7 })).toEqual({
      kind: 'email',
      value: 'bot@mailinator.com',
      days: 7,
    });
    expect(parseBlockRequest({ ip: '203.0.113.7', days: '90' })).toEqual({ kind: 'ip', value: '203.0.113.7', days: 90 });
    expect(parseBlockRequest({ ip: '2001:DB8::1' })).toEqual({ kind: 'ip', value: '2001:db8::1', days: 30 });
  });

  it.each([
    ['nothing', {}],
    ['no body', null],
    ['two contacts', { phone: '13987654321', email: 'a@b.cn' }],
    ['a blank contact', { email: '   ' }],
    ['a phone that is none', { phone: '12345' }],
    ['an email without @', { email: 'bot.mailinator.com' }],
    ['an IP that is none', { ip: '999.1.1.1' }],
    ['hex that is no IP', { ip: 'deadbeef' }],
    ['0 days', { ip: '203.0.113.7', days: 0 }],
    ['part of a day', { ip: '203.0.113.7', days: 1.5 }],
    ['over ten years', { ip: '203.0.113.7', days: 3651 }],
    ['days that are no number', { ip: '203.0.113.7', days: 'soon' }],
  ])('refuses %s with a message', (_what, body) => {
    expect(typeof parseBlockRequest(body)).toBe('string');
  });
});
