import type { Lead } from '../data/lead';
import { buildRerouteEmail, telOf } from './reroute-email.builder';

const HOSTILE = '<script>alert(1)</script>"\'&<img src=x onerror=alert(1)>';

const lead = {
  id: '11111111-2222-4333-8444-555555555555',
  name: HOSTILE,
  company: HOSTILE,
  phone: '+8613812345678',
  phoneRaw: null,
  email: 'zhang@example.com',
  requirement: `${HOSTILE}\n第二行`,
} as unknown as Lead;

const settings = { from: 'Lead Intake <no-reply@youpower.com.cn>', publicAdminUrl: 'https://crm.example.com' };

describe('buildRerouteEmail', () => {
  it('pages the new owner with the lead link and a tel: link, escaping every visitor value', () => {
    const mail = buildRerouteEmail(
      { notice: 'assigned', lead, taskId: 't1', step: 1, to: ['zhao@example.com'], params: { from: 'wang', minutes: 10 } },
      settings,
    );
    expect(mail.headers).toMatchObject({ 'X-Lead-Notice': 'assigned', 'X-Lead-Id': lead.id, 'X-Task-Id': 't1' });
    expect(mail.messageId).toBe(`<lead-${lead.id}-assigned-1-t1@youpower.com.cn>`);
    const html = String(mail.html);
    expect(html).toContain(`href="https://crm.example.com/admin/board/leads/${lead.id}"`);
    expect(html).toContain('href="tel:+8613812345678"');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(String(mail.text)).toContain('wang 10 分钟内未响应');
  });

  it('names the step in the Message-ID, and the managers notice once per task', () => {
    const away = buildRerouteEmail(
      { notice: 'rerouted-away', lead, taskId: 't1', step: 2, to: ['wang@example.com'], params: { to: 'zhao', minutes: 10 } },
      settings,
    );
    expect(away.messageId).toBe(`<lead-${lead.id}-rerouted-away-2-t1@youpower.com.cn>`);
    const limit = buildRerouteEmail(
      { notice: 'reroute-limit', lead, taskId: 't1', step: null, to: ['boss@example.com'], params: { count: 2, owner: 'zhao' } },
      settings,
    );
    expect(limit.messageId).toBe(`<lead-${lead.id}-reroute-limit-t1@youpower.com.cn>`);
    expect(limit.headers).toMatchObject({ 'X-Lead-Notice': 'reroute-limit' });
  });
});

describe('telOf', () => {
  it('keeps digits and a leading plus only', () => {
    expect(telOf('+86 138-1234-5678')).toBe('tel:+8613812345678');
    expect(telOf('010-1234"><a href=x>5678')).toBe('tel:01012345678');
    expect(telOf('n/a')).toBeNull();
    expect(telOf(null)).toBeNull();
  });
});
