/**
 * The spam phrase list admins extend (issue 23): `GET|POST
 * /admin/spam/phrases`, `DELETE /admin/spam/phrases/:id` (admins change it,
 * managers read it, every change audited), applied by the scorer; and a
 * task closed with outcome `spam` is the same verdict as
 * `POST /admin/leads/:id/spam`.
 */
import { postJson } from '../support/http';
import { adminGet, adminSend, LI, patchTask, promoteToManagers, staffWorkerEnv, WANG } from '../support/staff';
import { startStack, validLead, type Stack } from '../support/stack';

jest.setTimeout(90_000);

let stack: Stack;
const PHRASE = '紫色独角兽';

beforeAll(async () => {
  stack = await startStack({ workerEnv: staffWorkerEnv({ ASSIGNMENT: 'round-robin' }) });
  await promoteToManagers(stack, [LI]);
});

afterAll(async () => {
  await stack?.stop();
});

async function reasonsOf(requirement: string): Promise<string[]> {
  const res = await postJson(stack.leadsUrl, validLead({ requirement }));
  expect(res.status).toBe(202);
  const [row] = await stack.waitForRows<{ spam_reasons: string[] | null }>('SELECT spam_reasons FROM leads WHERE id = $1', [
    res.json().id,
  ]);
  return row.spam_reasons ?? [];
}

const audit = async (action: string) =>
  (await stack.db.query('SELECT actor, subject, detail FROM audit_log WHERE action = $1 ORDER BY id', [action])).rows;

describe('/admin/spam/phrases', () => {
  let id: number;

  it('lets admins add a phrase, audited; refuses duplicates, bad input and other roles', async () => {
    expect((await adminSend(stack, 'POST', '/admin/spam/phrases', { phrase: PHRASE }, LI)).status).toBe(403);
    expect((await adminSend(stack, 'POST', '/admin/spam/phrases', { phrase: PHRASE }, WANG)).status).toBe(403);
    const added = await adminSend(stack, 'POST', '/admin/spam/phrases', { phrase: ` ${PHRASE} ` });
    expect(added.status).toBe(201);
    expect(added.json()).toMatchObject({ phrase: PHRASE, createdBy: 'admin' });
    id = added.json().id;
    expect((await adminSend(stack, 'POST', '/admin/spam/phrases', { phrase: PHRASE })).status).toBe(409);
    const bad = await adminSend(stack, 'POST', '/admin/spam/phrases', { phrase: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.json().errors[0].field).toBe('phrase');
    expect(await audit('spam.phrase-added')).toEqual([{ actor: 'admin', subject: String(id), detail: { phrase: PHRASE } }]);
  });

  it('lists them for managers and admins, with the shipped ones; not for sales', async () => {
    const list = await adminGet(stack, '/admin/spam/phrases', LI);
    expect(list.status).toBe(200);
    expect(list.json().phrases.map((p: { phrase: string }) => p.phrase)).toEqual([PHRASE]);
    expect(list.json().shipped).toContain('代开');
    expect((await adminGet(stack, '/admin/spam/phrases', WANG)).status).toBe(403);
  });

  it('is applied by the scorer, and no longer once removed', async () => {
    expect(await reasonsOf(`想了解${PHRASE}的报价`)).toContainEqual(expect.stringContaining(PHRASE));
    expect((await adminSend(stack, 'DELETE', `/admin/spam/phrases/${id}`, undefined, LI)).status).toBe(403);
    expect((await adminSend(stack, 'DELETE', `/admin/spam/phrases/${id}`, undefined)).status).toBe(204);
    expect((await adminSend(stack, 'DELETE', `/admin/spam/phrases/${id}`, undefined)).status).toBe(404);
    expect(await audit('spam.phrase-removed')).toEqual([{ actor: 'admin', subject: String(id), detail: { phrase: PHRASE } }]);
    expect((await adminGet(stack, '/admin/spam/phrases')).json().phrases).toEqual([]);
    expect(await reasonsOf(`想了解${PHRASE}的报价`)).not.toContainEqual(expect.stringContaining(PHRASE));
  });
});

describe('closing a task with outcome spam', () => {
  it('is a spam verdict: the model learns the lead, the audit says so, once', async () => {
    const { id } = await stack.processLead({ requirement: '需要不锈钢板 304 两吨，请报价' });
    const [task] = await stack.waitForRows<{ id: string }>('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [id]);
    const versionBefore = (await stack.db.query('SELECT coalesce(max(version), 0) AS v FROM spam_model')).rows[0].v;
    expect((await patchTask(stack, task.id, { status: 'done', note: '推销外链', outcome: 'spam' })).status).toBe(200);
    const verdicts = await stack.waitForRows('SELECT verdict, actor FROM spam_verdicts WHERE lead_id = $1', [id]);
    expect(verdicts).toEqual([{ verdict: 'spam', actor: 'admin' }]);
    const versionAfter = (await stack.db.query('SELECT version AS v FROM spam_model')).rows[0].v;
    expect(versionAfter).toBeGreaterThan(versionBefore);
    expect(await audit('lead.spam')).toContainEqual({ actor: 'admin', subject: id, detail: { via: 'task-outcome' } });
    // A note on the task closed as spam already is no second verdict.
    expect((await patchTask(stack, task.id, { note: '确认是垃圾' })).status).toBe(200);
    expect((await stack.db.query('SELECT version AS v FROM spam_model')).rows[0].v).toBe(versionAfter);
    expect((await audit('lead.spam')).filter((a) => a.subject === id)).toHaveLength(1);
  });

  it('teaches nothing for any other outcome', async () => {
    const { id } = await stack.processLead({ requirement: '需要铝型材报价' });
    const [task] = await stack.waitForRows<{ id: string }>('SELECT id FROM follow_up_tasks WHERE lead_id = $1', [id]);
    expect((await patchTask(stack, task.id, { status: 'done', note: '已成交', outcome: 'won' })).status).toBe(200);
    expect((await stack.db.query('SELECT 1 FROM spam_verdicts WHERE lead_id = $1', [id])).rows).toEqual([]);
  });
});
