/**
 * GET /admin/search: finds a lead by a fragment of its Chinese company name,
 * by a two-character name (王总), by any part of its phone's digits with or
 * without +86 and spaces, by its email; the exact contact ranks first;
 * keyset pages; a salesperson finds only their own and unassigned leads;
 * an erased lead is never found; bad input is a 400.
 */
import { randomInt } from 'node:crypto';
import { startStack, type Stack } from '../support/stack';
import { ADMIN, adminGet, adminSend, leadWithTask, LI, patchTask, staffWorkerEnv, WANG } from '../support/staff';

jest.setTimeout(90_000);

let stack: Stack;
const tag = `t${randomInt(100_000, 999_999)}`;
let wangZong: { leadId: string };

const search = (q: string, as = ADMIN, extra = '') => adminGet(stack, `/admin/search?q=${encodeURIComponent(q)}${extra}`, as);
const idsOf = (res: { json(): any }): string[] => res.json().items.map((i: { id: string }) => i.id);

beforeAll(async () => {
  stack = await startStack({ gateway: true, workerEnv: staffWorkerEnv() });
  wangZong = await leadWithTask(stack, {
    name: '王总',
    company: '上海华能变压器制造有限公司',
    phone: '021 5290 8189',
    email: `wang.${tag}@huaneng-demo.cn`,
    requirement: `上个月问过变压器的报价 ${tag}`,
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('finding a customer who calls back', () => {
  it('by a fragment of the Chinese company name', async () => {
    for (const q of ['变压器', '华能变压', '上海华能']) expect(idsOf(await search(q))).toContain(wangZong.leadId);
  });

  it('by a two-character name', async () => {
    expect(idsOf(await search('王总'))).toContain(wangZong.leadId);
  });

  it('by any part of the phone, with spaces or +86', async () => {
    for (const q of ['5290 8189', '52908189', '+86 21 5290 8189', '021-5290-8189', '2152']) {
      expect(idsOf(await search(q))).toContain(wangZong.leadId);
    }
    expect(idsOf(await search('5290 8188'))).not.toContain(wangZong.leadId);
  });

  it('by a fragment that starts with zeros, the zeros included', async () => {
    const last4 = String(randomInt(1000, 10_000));
    const zeros = await leadWithTask(stack, { phone: `139 0000 ${last4}` });
    const other = await leadWithTask(stack, { phone: `139 1234 ${last4}` });
    for (const q of [`0000 ${last4}`, `00${last4}`, `0000-${last4.slice(0, 2)}`, `0086 139 0000 ${last4}`]) {
      const found = idsOf(await search(q));
      expect({ q, found: found.includes(zeros.leadId) }).toEqual({ q, found: true });
      // The zeros are digits of the number, not a prefix to drop: the other number has none there.
      expect({ q, found: found.includes(other.leadId) }).toEqual({ q, found: false });
    }
    expect(idsOf(await search(last4))).toEqual(expect.arrayContaining([zeros.leadId, other.leadId]));
  });

  it('by email, case aside, the exact contact ranked first', async () => {
    const res = await search(`WANG.${tag}@HUANENG-demo.cn`);
    expect(res.status).toBe(200);
    expect(res.json().items[0]).toMatchObject({ id: wangZong.leadId, tier: 0, name: '王总' });
    const byPhone = (await search('+86 21 5290 8189')).json().items;
    expect(byPhone[0]).toMatchObject({ id: wangZong.leadId, tier: 0, phone: '+862152908189' });
  });
});

describe('paging', () => {
  it('walks every hit newest first, each once, and ends', async () => {
    const word = `${tag}页`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await leadWithTask(stack, { requirement: `分页测试 ${word} ${i}` })).leadId);
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res = await search(word, ADMIN, `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...idsOf(res));
      cursor = res.json().nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });
});

describe('what a salesperson may find', () => {
  const word = `${tag}售`;
  const email = `kehu.${tag}@sales-demo.cn`;
  let colleague: { leadId: string; taskId: string };
  let own: { leadId: string; taskId: string };
  let free: { leadId: string };
  let held: string;

  beforeAll(async () => {
    colleague = await leadWithTask(stack, { company: `同事的客户 ${word}`, email });
    expect((await patchTask(stack, colleague.taskId, { assignee: WANG.name })).status).toBe(200);
    own = await leadWithTask(stack, { company: `自己的客户 ${word}`, email });
    expect((await patchTask(stack, own.taskId, { assignee: LI.name })).status).toBe(200);
    free = await leadWithTask(stack, { company: `没人跟进 ${word}`, email });
    // A held lead (quarantined as spam) has no task: nobody's, so anyone's to find.
    const { rows } = await stack.db.query(
      `INSERT INTO leads (id, name, company, requirement, received_at, quarantined)
       VALUES (gen_random_uuid(), '待审', $1, '', now() - interval '1 hour', true) RETURNING id`,
      [`被拦下的 ${word}`],
    );
    held = rows[0].id;
  });

  async function expectWhatEachFinds(): Promise<void> {
    const li = await search(word, LI);
    expect(li.status).toBe(200);
    expect(idsOf(li).sort()).toEqual([own.leadId, free.leadId, held].sort());
    expect(li.text).not.toContain('同事的客户');
    expect(idsOf(await search(word, WANG)).sort()).toEqual([colleague.leadId, free.leadId, held].sort());
    expect(idsOf(await search(word, ADMIN))).toHaveLength(4);
    // The exact contact, newest first, only what each may read.
    const byEmail = (await search(email, LI)).json().items;
    expect(byEmail.map((i: { id: string; tier: number }) => [i.id, i.tier])).toEqual([
      [free.leadId, 0],
      [own.leadId, 0],
    ]);
    // Paged one at a time: the same hits, each once.
    const paged: string[] = [];
    let cursor = '';
    do {
      const page = (await search(word, LI, `&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      paged.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(paged).toEqual(idsOf(li));
  }

  it('their own, unassigned and held leads, not a colleague’s (a salesperson with few leads: from those)', async () => {
    await expectWhatEachFinds();
  });

  it('the same for a salesperson with more than 5,000 leads (from the newest leads and the indexes)', async () => {
    // Older leads of theirs that match nothing: past LeadSearchRepository's OWN_FIRST_MAX (5,000).
    await stack.db.query(
      `WITH l AS (
         INSERT INTO leads (id, name, requirement, received_at)
         SELECT gen_random_uuid(), '老客户', '', now() - interval '1 day' - make_interval(secs => i) FROM generate_series(1, 5001) i
         RETURNING id)
       INSERT INTO follow_up_tasks (lead_id, due_at, assignee, status, done_at) SELECT id, now(), $1, 'done', now() FROM l`,
      [LI.name],
    );
    await expectWhatEachFinds();
  });
});

describe('an erased lead', () => {
  it('is never found', async () => {
    const word = `${tag}删`;
    const { leadId } = await leadWithTask(stack, { company: `要删除的 ${word}`, phone: '13912340077' });
    expect(idsOf(await search(word))).toEqual([leadId]);
    expect((await adminSend(stack, 'DELETE', `/admin/leads/${leadId}`, { reason: 'test' })).status).toBe(200);
    expect(idsOf(await search(word))).toEqual([]);
    expect(idsOf(await search('1391234 0077'))).not.toContain(leadId);
  });
});

describe('bad input', () => {
  it.each([
    ['', ''],
    ['one character', '王'],
    ['single characters only', '王 总'],
    ['over 100 characters', '变'.repeat(101)],
    ['a control character', '王总\u0001'],
  ])('q with %s is a 400', async (_label, q) => {
    const res = await search(q);
    expect(res.status).toBe(400);
    expect(res.json().errors[0].field).toBe('q');
  });

  it('no q, a bad cursor or limit is a 400', async () => {
    expect((await adminGet(stack, '/admin/search')).status).toBe(400);
    expect((await search('王总', ADMIN, '&cursor=nonsense')).status).toBe(400);
    expect((await search('王总', ADMIN, '&limit=0')).status).toBe(400);
    expect((await search('王总', ADMIN, '&limit=101')).status).toBe(400);
    expect((await adminGet(stack, '/admin/search?q=a&q=b')).status).toBe(400);
  });

  it('needs an account', async () => {
    expect((await search('王总', null)).status).toBe(401);
  });
});
