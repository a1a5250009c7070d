/**
 * Teams: managed over the API (admins write, managers read, sales refused,
 * every change audited), staff PATCH with `teams`; a form routing 钢材 to
 * the team 华东钢材 sends those leads round robin among the team's eligible
 * members only, fair across two worker processes; the returning-customer
 * rule still wins first; a team with nobody eligible falls back to
 * everyone; a leaver's tasks go to a team-mate; renaming the team renames it
 * in the form, republished, and its leads still reach it. And CORS per form origin.
 */
import { randomInt } from 'node:crypto';
import { BROWSER_ACCEPT, postForm, postJson, request, type HttpResult } from '../support/http';
import { adminGet, adminSend, staffWorkerEnv, WANG, type Account } from '../support/staff';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

jest.setTimeout(120_000);

const SITE = 'https://www.example.com';
const SHOP = 'https://shop.example.cn';
const EVIL = 'https://evil.example.net';
const TEAM = '华东钢材';
const MEMBERS = ['hd.a', 'hd.b', 'hd.c'];
const OTHERS = ['other.x', 'other.y'];
const MANAGER: Account = { name: 'tm.mgr', password: 'tm.mgr-Pa55-word' };

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    workerEnv: staffWorkerEnv({ ASSIGNMENT: 'round-robin', RETURNING_CUSTOMER_DAYS: '730' }),
    gatewayEnv: { CORS_ORIGINS: SITE },
  });
  for (const login of [...MEMBERS, ...OTHERS]) {
    const res = await adminSend(stack, 'POST', '/admin/staff', { login, name: `名字 ${login}`, password: `${login}-Pa55-word` });
    expect(res.status).toBe(201);
  }
  const mgr = { login: MANAGER.name, name: 'Manager', role: 'manager', password: MANAGER.password };
  expect((await adminSend(stack, 'POST', '/admin/staff', mgr)).status).toBe(201);
});

afterAll(async () => {
  await stack?.stop();
});

const uniquePhone = () => `139${String(randomInt(0, 99_999_999)).padStart(8, '0')}`;
const errorFields = (res: HttpResult) => res.json().errors.map((e: { field: string }) => e.field);

/** Only these people take new leads, so the test knows the rotation. */
async function setEligible(logins: string[]): Promise<void> {
  await stack.db.query(`UPDATE staff SET receives_leads = (login = ANY($1::text[])), on_duty = true`, [logins]);
}

async function ownersOf(ids: string[]): Promise<string[]> {
  const rows = await waitFor(
    async () => {
      const { rows } = await stack.db.query(`SELECT assignee FROM follow_up_tasks WHERE lead_id = ANY($1::uuid[])`, [ids]);
      return rows.length === ids.length ? rows : null;
    },
    60_000,
    `${ids.length} tasks`,
  );
  return rows.map((r: { assignee: string }) => r.assignee);
}

const postQuote = (product: string, over: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  postJson(
    `${stack.gatewayUrl}/api/forms/quote/leads`,
    { ...validLead({ phone: uniquePhone() }), product, ...over },
    { headers },
  );

describe('teams API', () => {
  it('lets admins create a team; refuses bad input (400 naming the field), unknown logins (404) and a taken name (409)', async () => {
    const created = await adminSend(stack, 'POST', '/admin/teams', { name: ` ${TEAM} `, members: ['HD.A', 'hd.b'] });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({ name: TEAM, members: ['hd.a', 'hd.b'] });
    expect((await adminSend(stack, 'POST', '/admin/teams', { name: TEAM })).status).toBe(409);
    const blank = await adminSend(stack, 'POST', '/admin/teams', { name: '  ', members: [] });
    expect([blank.status, errorFields(blank)]).toEqual([400, ['name']]);
    const badLogin = await adminSend(stack, 'POST', '/admin/teams', { name: 'x', members: ['ok', 'not a login'] });
    expect([badLogin.status, errorFields(badLogin)]).toEqual([400, ['members[1]']]);
    const unknown = await adminSend(stack, 'POST', '/admin/teams', { name: '华南', members: ['hd.a', 'nobody'] });
    expect([unknown.status, unknown.json().logins]).toEqual([404, ['nobody']]);
    expect((await adminGet(stack, '/admin/teams')).json().items.map((t: { name: string }) => t.name)).toEqual([TEAM]);
  });

  it('lets managers read teams and refuses them and sales any change', async () => {
    expect((await adminGet(stack, '/admin/teams', MANAGER)).json().items).toEqual([
      expect.objectContaining({ name: TEAM, members: ['hd.a', 'hd.b'] }),
    ]);
    expect((await adminSend(stack, 'POST', '/admin/teams', { name: 'mine' }, MANAGER)).status).toBe(403);
    expect((await adminSend(stack, 'PATCH', `/admin/teams/${encodeURIComponent(TEAM)}`, { members: [] }, MANAGER)).status).toBe(
      403,
    );
    expect((await adminGet(stack, '/admin/teams', WANG)).status).toBe(403);
  });

  it('renames a team and replaces its members; unknown team 404, taken name 409, nothing to change 400', async () => {
    const path = `/admin/teams/${encodeURIComponent(TEAM)}`;
    const renamed = await adminSend(stack, 'PATCH', path, { name: '华东' });
    expect([renamed.status, renamed.json().name]).toEqual([200, '华东']);
    expect((await adminSend(stack, 'POST', '/admin/teams', { name: TEAM, members: [] })).status).toBe(201);
    expect((await adminSend(stack, 'PATCH', '/admin/teams/%E5%8D%8E%E4%B8%9C', { name: TEAM })).status).toBe(409);
    // Back to one team named TEAM: the empty one takes another name, the first its own again.
    expect((await adminSend(stack, 'PATCH', path, { name: '空' })).status).toBe(200);
    const back = await adminSend(stack, 'PATCH', '/admin/teams/%E5%8D%8E%E4%B8%9C', { name: TEAM, members: MEMBERS });
    expect(back.json()).toMatchObject({ name: TEAM, members: MEMBERS });
    expect((await adminSend(stack, 'PATCH', '/admin/teams/nope', { members: [] })).status).toBe(404);
    const nothing = await adminSend(stack, 'PATCH', path, {});
    expect([nothing.status, errorFields(nothing)]).toEqual([400, ['body']]);
    const audit = await stack.waitForRows(
      `SELECT action, subject, detail FROM audit_log WHERE action LIKE 'team.%' ORDER BY id`,
      [],
    );
    expect(audit.map((a) => `${a.action} ${a.subject}`)).toEqual([
      `team.created ${TEAM}`,
      'team.changed 华东',
      `team.created ${TEAM}`,
      'team.changed 空',
      `team.changed ${TEAM}`,
    ]);
    expect(audit[4].detail).toMatchObject({ from: '华东', to: TEAM, added: ['hd.c'], removed: [] });
  });

  it('PATCH /admin/staff/:login takes teams (admins only) and staff JSON shows them', async () => {
    const set = await adminSend(stack, 'PATCH', '/admin/staff/other.x', { teams: [TEAM, '空'] });
    expect([set.status, set.json().staff.teams]).toEqual([200, [TEAM, '空']]);
    const staff = (await adminGet(stack, '/admin/staff', MANAGER)).json().items;
    expect(staff.find((p: { login: string }) => p.login === 'other.x').teams).toEqual([TEAM, '空']);
    expect(staff.find((p: { login: string }) => p.login === 'hd.a').teams).toEqual([TEAM]);
    const unknown = await adminSend(stack, 'PATCH', '/admin/staff/other.x', { teams: ['nope'] });
    expect([unknown.status, unknown.json().code]).toEqual([404, 'team-not-found']);
    const bad = await adminSend(stack, 'PATCH', '/admin/staff/other.x', { teams: 'x' });
    expect([bad.status, errorFields(bad)]).toEqual([400, ['teams']]);
    expect((await adminSend(stack, 'PATCH', '/admin/staff/other.x', { teams: [] }, MANAGER)).status).toBe(403);
    const cleared = await adminSend(stack, 'PATCH', '/admin/staff/other.x', { teams: [] });
    expect(cleared.json().staff.teams).toEqual([]);
    const [entry] = await stack.waitForRows(
      `SELECT detail FROM audit_log WHERE action = 'staff.changed' AND subject = 'other.x' ORDER BY id DESC LIMIT 1`,
      [],
    );
    expect(entry.detail).toMatchObject({ fields: ['teams'], teams: [] });
  });
});

describe('routing to a team', () => {
  it('creates a form routing 钢材 to the team, open to its own origin', async () => {
    const form = {
      slug: 'quote',
      name: 'Request a quote',
      language: 'zh',
      origins: [SHOP],
      fields: [
        { key: 'name' },
        { key: 'phone' },
        { key: 'email' },
        { key: 'product', type: 'text', label: { zh: '产品线', en: 'Product line' }, required: true },
      ],
      routing: [{ field: 'product', equals: '钢材', team: TEAM }],
    };
    expect((await adminSend(stack, 'POST', '/admin/forms', form)).status).toBe(201);
    const plain = { ...form, slug: 'plain', origins: [], routing: [] };
    expect((await adminSend(stack, 'POST', '/admin/forms', plain)).status).toBe(201);
    await waitFor(async () => ((await postQuote('', {})).status === 400 ? true : null), 5000, 'the quote form at the gateway');
  });

  it('round robin among the team only, fair across two workers: 12 leads, 4 each', async () => {
    await setEligible([...MEMBERS, ...OTHERS, WANG.name]);
    await stack.startExtraWorker({ ASSIGNMENT: 'round-robin', RETURNING_CUSTOMER_DAYS: '730' });
    const posted = await Promise.all(Array.from({ length: 12 }, () => postQuote('钢材').then((r) => r.json().id as string)));
    const counts: Record<string, number> = {};
    for (const owner of await ownersOf(posted)) counts[owner] = (counts[owner] ?? 0) + 1;
    expect(counts).toEqual({ 'hd.a': 4, 'hd.b': 4, 'hd.c': 4 });
    const { rows } = await stack.db.query(
      `SELECT DISTINCT t.team_id, tm.name FROM follow_up_tasks t JOIN teams tm ON tm.id = t.team_id WHERE t.lead_id = ANY($1::uuid[])`,
      [posted],
    );
    expect(rows.map((r) => r.name)).toEqual([TEAM]);
  });

  it('a lead no rule sends to the team goes round robin over everyone', async () => {
    const posted = await Promise.all(Array.from({ length: 12 }, () => postQuote('玻璃').then((r) => r.json().id as string)));
    const owners = new Set(await ownersOf(posted));
    expect([...owners].some((o) => !MEMBERS.includes(o))).toBe(true);
  });

  it('the returning customer keeps their owner, outside the team', async () => {
    await setEligible(['other.y']);
    const phone = uniquePhone();
    const first = await postQuote('玻璃', { phone });
    expect(await ownersOf([first.json().id])).toEqual(['other.y']);
    await setEligible([...MEMBERS, ...OTHERS]);
    const again = await postQuote('钢材', { phone });
    expect(await ownersOf([again.json().id])).toEqual(['other.y']);
  });

  it('a team with nobody eligible falls back to everyone', async () => {
    await setEligible(OTHERS);
    const res = await postQuote('钢材');
    const [owner] = await ownersOf([res.json().id]);
    expect(OTHERS).toContain(owner);
  });

  it('a leaver’s team tasks go to team-mates first', async () => {
    await setEligible([...MEMBERS, ...OTHERS]);
    const { rows: before } = await stack.db.query(
      `SELECT id FROM follow_up_tasks WHERE assignee = 'hd.a' AND status = 'open' AND team_id IS NOT NULL`,
    );
    expect(before.length).toBeGreaterThanOrEqual(4);
    const res = await adminSend(stack, 'PATCH', '/admin/staff/hd.a', { active: false });
    expect(res.status).toBe(200);
    const { rows } = await stack.db.query(`SELECT assignee FROM follow_up_tasks WHERE id = ANY($1::uuid[])`, [
      before.map((r) => r.id),
    ]);
    expect(new Set(rows.map((r) => r.assignee))).toEqual(new Set(['hd.b', 'hd.c']));
  });
});

describe('renaming a team', () => {
  const RENAMED = '华东钢材一部';

  it('renames it in the forms that name it (new audited versions), which every gateway gets; its leads still reach it', async () => {
    const before = (await adminGet(stack, '/admin/forms/quote')).json();
    const res = await adminSend(stack, 'PATCH', `/admin/teams/${encodeURIComponent(TEAM)}`, { name: RENAMED });
    expect(res.status).toBe(200);
    const after = (await adminGet(stack, '/admin/forms/quote')).json();
    expect(after).toMatchObject({ version: before.version + 1, team: null, routing: [{ field: 'product', team: RENAMED }] });
    // A form that never named the team is left as it was.
    expect((await adminGet(stack, '/admin/forms/plain')).json().version).toBe(1);
    const { rows: versions } = await stack.db.query(
      `SELECT definition->'routing'->0->>'team' AS team FROM form_versions WHERE slug = 'quote' ORDER BY version`,
    );
    expect(versions.map((v) => v.team)).toEqual([TEAM, RENAMED]);
    const audit = await stack.waitForRows(
      `SELECT action, subject, detail FROM audit_log WHERE action IN ('team.changed', 'form.changed') ORDER BY id DESC LIMIT 2`,
      [],
    );
    expect(audit.reverse()).toEqual([
      expect.objectContaining({
        action: 'team.changed',
        subject: RENAMED,
        detail: expect.objectContaining({ forms: ['quote'] }),
      }),
      expect.objectContaining({
        action: 'form.changed',
        subject: 'quote',
        detail: expect.objectContaining({ version: after.version, fields: ['routing'], team: { from: TEAM, to: RENAMED } }),
      }),
    ]);

    // Republished: the gateway serves the new version, and a 钢材 lead posted under it goes to the team.
    await waitFor(
      async () => ((await request('GET', `${stack.gatewayUrl}/api/forms/quote`)).json().version === after.version ? true : null),
      2000,
      'the renamed version at the gateway',
    );
    await setEligible([...MEMBERS, ...OTHERS]);
    const posted = await Promise.all(Array.from({ length: 4 }, () => postQuote('钢材').then((r) => r.json().id as string)));
    for (const owner of await ownersOf(posted)) expect(['hd.b', 'hd.c']).toContain(owner);
    const { rows } = await stack.db.query(
      `SELECT DISTINCT lf.form_version, tm.name FROM lead_forms lf JOIN follow_up_tasks t ON t.lead_id = lf.lead_id
         JOIN teams tm ON tm.id = t.team_id WHERE lf.lead_id = ANY($1::uuid[])`,
      [posted],
    );
    expect(rows).toEqual([{ form_version: after.version, name: RENAMED }]);
  });
});

describe('CORS per form origin', () => {
  const preflight = (slug: string, origin: string) =>
    request('OPTIONS', `${stack.gatewayUrl}/api/forms/${slug}/leads`, undefined, {
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('answers a preflight with the form’s own origin, and CORS_ORIGINS for a form without any', async () => {
    const own = await preflight('quote', SHOP);
    expect([own.status, own.headers.get('access-control-allow-origin')]).toEqual([204, SHOP]);
    expect((own.headers.get('access-control-allow-methods') ?? '').toUpperCase()).toContain('POST');
    // The form's list replaces CORS_ORIGINS for it.
    expect((await preflight('quote', SITE)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight('plain', SITE)).headers.get('access-control-allow-origin')).toBe(SITE);
    expect((await preflight('plain', SHOP)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight('quote', EVIL)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the form’s origin post and read the answer; refuses other origins with 403', async () => {
    const ok = await postQuote('玻璃', {}, { origin: SHOP });
    expect([ok.status, ok.headers.get('access-control-allow-origin')]).toEqual([202, SHOP]);
    // Its errors too, and the form's description embed.js reads.
    const invalid = await postQuote('', {}, { origin: SHOP });
    expect([invalid.status, invalid.headers.get('access-control-allow-origin')]).toEqual([400, SHOP]);
    const described = await request('GET', `${stack.gatewayUrl}/api/forms/quote`, undefined, { headers: { origin: SHOP } });
    expect([described.status, described.headers.get('access-control-allow-origin')]).toEqual([200, SHOP]);
    const other = await postQuote('玻璃', {}, { origin: SITE });
    expect([other.status, other.headers.get('access-control-allow-origin')]).toEqual([403, null]);
    // POST /api/leads keeps CORS_ORIGINS.
    const api = await postJson(stack.leadsUrl, validLead({ phone: uniquePhone() }), { headers: { origin: SHOP } });
    expect(api.status).toBe(403);
  });

  it('redirects a browser post to a _next on the form’s origin', async () => {
    const fields = { ...validLead({ phone: uniquePhone() }), product: '玻璃', consent: 'on', _next: `${SHOP}/thanks` };
    const res = await postForm(`${stack.gatewayUrl}/api/forms/quote/leads`, fields as Record<string, string>, {
      headers: { origin: SHOP, accept: BROWSER_ACCEPT },
    });
    expect([res.status, res.headers.get('location')]).toEqual([303, `${SHOP}/thanks`]);
  });
});
