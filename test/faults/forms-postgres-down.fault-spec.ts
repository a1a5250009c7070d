import { connect } from '../support/database';
import { ADMIN_PASSWORD, ADMIN_USER } from '../support/deployment';
import { basicAuth, get, postJson } from '../support/http';
import { validLead } from '../support/stack';
import { waitFor } from '../support/wait';
import { FaultRig } from './support-fault-rig';

const QUOTE = {
  slug: 'quote',
  name: 'Request a quote',
  language: 'en',
  fields: [
    { key: 'name' },
    { key: 'email', required: true },
    {
      key: 'product',
      type: 'select',
      label: { zh: '产品线', en: 'Product line' },
      required: true,
      options: [{ value: 'steel', label: { zh: '钢材', en: 'Steel' } }],
    },
  ],
};

/**
 * Gateways learn forms through Redis only (issue 22): with Postgres
 * stopped, a gateway started afresh still serves a form an admin made
 * before, from the snapshot in Redis: its page, its validation, its posts.
 * The lead posted meanwhile is stored with its form once Postgres is back.
 */
describe('faults: a gateway restarted while Postgres is down', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start();
  }, 90000);

  afterAll(async () => {
    await rig?.stop();
  }, 60000);

  it('serves the forms from Redis and takes their posts; the lead keeps its form when Postgres is back', async () => {
    const gateway = `http://127.0.0.1:${rig.gatewayPort}`;
    const created = await postJson(`http://127.0.0.1:${rig.adminPort}/admin/forms`, QUOTE, {
      headers: basicAuth(ADMIN_USER, ADMIN_PASSWORD),
    });
    expect(created.status).toBe(201);
    await waitFor(async () => (await get(`${gateway}/api/forms/quote`)).status === 200, 5000, 'the form at the gateway');

    await rig.pg.stop({ mode: 'fast' });
    // A new gateway process: what it knows of the forms comes from Redis at boot.
    await rig.gateway.stop();
    await rig.startGateway();
    const page = await get(`${gateway}/f/quote`);
    expect([page.status, page.text]).toEqual([200, expect.stringContaining('<option value="steel">Steel</option>')]);
    expect((await get(`${gateway}/f/no-such-form`)).status).toBe(404);
    const invalid = await postJson(`${gateway}/api/forms/quote/leads`, { ...validLead(), product: 'wood' });
    expect([invalid.status, invalid.json().errors.map((e: { field: string }) => e.field)]).toEqual([400, ['product']]);
    const accepted = await postJson(`${gateway}/api/forms/quote/leads`, { ...validLead(), product: 'steel' });
    expect(accepted.status).toBe(202);

    await rig.pg.start();
    const db = await connect(rig.pg.url);
    try {
      const row = await waitFor(
        async () => (await db.query(`SELECT form_slug, custom FROM lead_forms WHERE lead_id = $1`, [accepted.json().id])).rows[0],
        90_000,
        'the lead stored with its form',
      );
      expect(row).toEqual({ form_slug: 'quote', custom: { product: 'steel' } });
    } finally {
      await db.end();
    }
  }, 180000);
});
