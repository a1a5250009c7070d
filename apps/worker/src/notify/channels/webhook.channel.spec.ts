import { createHmac } from 'node:crypto';
import { answer, context, destination, lead, task } from '../../../../../test/support/chat-fixtures';
import { WebhookChannel, webhookSignature } from './webhook.channel';

const channel = new WebhookChannel();
const dest = destination('webhook', 'https://receiver.example.com/hook', 'whsec_test');

describe('WebhookChannel.build', () => {
  it('posts the event as JSON with the full lead and task', () => {
    const req = channel.build(dest, { kind: 'new-lead', lead: lead(), task: task() }, context());
    expect(JSON.parse(req.body)).toEqual({
      event: 'lead.created',
      id: '9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4',
      lead: {
        id: '0b7f3a4e-8c1d-4e2f-9a3b-5c6d7e8f9a0b',
        name: '张伟',
        company: '优力有限公司',
        phone: '+8613812345678',
        email: 'zhang@example.com',
        requirement: '需要 200 吨钢材报价,请尽快联系。',
        receivedAt: '2026-03-02T06:04:05.000Z',
        url: 'https://crm.example.com/admin/leads/0b7f3a4e-8c1d-4e2f-9a3b-5c6d7e8f9a0b',
      },
      form: null,
      fields: [],
      task: { id: '5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', status: 'open', assignee: 'li', dueAt: '2026-03-02T06:34:05.000Z' },
    });
  });

  it('announces a re-route step as lead.rerouted and the limit as lead.escalated, signed like every event', () => {
    const moved = channel.build(
      dest,
      {
        kind: 'rerouted',
        lead: lead(),
        task: task({ assignee: 'wang' }),
        step: 1,
        from: { login: 'li', name: '李娜' },
        minutes: 10,
        mentionMobiles: ['13900139000'],
      },
      context(),
    );
    expect(moved.headers['x-lead-event']).toBe('lead.rerouted');
    expect(JSON.parse(moved.body)).toMatchObject({
      event: 'lead.rerouted',
      notice: 'rerouted',
      lead: { id: '0b7f3a4e-8c1d-4e2f-9a3b-5c6d7e8f9a0b' },
      task: { assignee: 'wang' },
      reroute: { step: 1, from: 'li', to: 'wang', withinMinutes: 10 },
    });
    const limit = channel.build(
      dest,
      { kind: 'reroute-limit', lead: lead(), task: task(), count: 2, mentionMobiles: [] },
      context(),
    );
    expect(JSON.parse(limit.body)).toMatchObject({ event: 'lead.escalated', reroute: { count: 2, owner: 'li' } });
    const v1 = createHmac('sha256', 'whsec_test').update(`1772431446.${limit.body}`).digest('hex');
    expect(limit.headers).toMatchObject({ 'x-lead-event': 'lead.escalated', 'x-lead-signature': `t=1772431446,v1=${v1}` });
    // Mobiles are for chat mentions, not for receivers.
    expect(moved.body).not.toContain('13900139000');
  });

  it('signs t + "." + the raw body with HMAC-SHA256, hex, and names event and delivery', () => {
    const req = channel.build(dest, { kind: 'reminder', lead: lead(), task: task(), mentionMobiles: [] }, context());
    const v1 = createHmac('sha256', 'whsec_test').update(`1772431446.${req.body}`).digest('hex');
    expect(req.headers).toMatchObject({
      'x-lead-event': 'lead.reminder',
      'x-lead-delivery': '9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4',
      'x-lead-signature': `t=1772431446,v1=${v1}`,
    });
    expect(webhookSignature('whsec_test', 1772431446, req.body)).toBe(`t=1772431446,v1=${v1}`);
    expect(JSON.parse(req.body).notice).toBe('reminder');
  });

  it('keeps the body and delivery id across retries; only the signature time moves', () => {
    const notice = { kind: 'task-updated' as const, lead: lead(), task: task({ status: 'done' }) };
    const a = channel.build(dest, notice, context());
    const b = channel.build(dest, notice, context({ now: new Date('2026-03-02T07:00:00Z') }));
    expect(b.body).toBe(a.body);
    expect(b.headers['x-lead-delivery']).toBe(a.headers['x-lead-delivery']);
    expect(a.headers['x-lead-event']).toBe('task.updated');
    expect(b.headers['x-lead-signature']).not.toBe(a.headers['x-lead-signature']);
  });

  it('refuses a digest: webhooks get one event per lead', () => {
    expect(() => channel.build(dest, { kind: 'digest', leads: [lead()], more: 0 }, context())).toThrow(/never a digest/);
  });
});

describe('WebhookChannel.classify', () => {
  it.each([
    [200, 1, 'sent'],
    [204, 1, 'sent'],
    [410, 1, 'gone'],
    [500, 9, 'retry'],
    [503, 1, 'retry'],
    [429, 5, 'retry'],
    [408, 5, 'retry'],
    [400, 1, 'retry'],
    [404, 2, 'retry'],
    [404, 3, 'failed'],
    [401, 4, 'failed'],
  ])('HTTP %i on attempt %i → %s', (status, attempt, outcome) => {
    expect(channel.classify({ ...answer(null, status), text: '' }, attempt).status).toBe(outcome);
  });

  it('retries a timeout and a refused connection', () => {
    expect(
      channel.classify({ kind: 'network', error: 'The operation was aborted due to timeout', timedOut: true }, 5),
    ).toMatchObject({
      status: 'retry',
      reason: 'timeout',
    });
    expect(channel.classify({ kind: 'network', error: 'fetch failed (ECONNREFUSED)', timedOut: false }, 5).status).toBe('retry');
  });
});
