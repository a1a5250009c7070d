/**
 * What staff teach the spam filter on one worker reaches the others
 * (issue 23): a phrase an admin adds, and spam verdicts retraining the
 * shared model, both kept in Postgres. Worker A serves the admin API and
 * consumes nothing; worker B only consumes, so every lead here is scored by
 * B. B scores a first lead before anything is taught (so it holds the empty
 * list and the shipped model in memory); A then adds the phrase and marks
 * leads spam; B's later leads carry the phrase's reason and the model's new
 * words once B reloads, which it does every 30 seconds.
 */
import { randomInt } from 'node:crypto';
import { postJson } from '../support/http';
import { adminSend } from '../support/staff';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';
import { sleep } from '../support/wait';

jest.setTimeout(150_000);

// Words neither the shipped phrase list nor the shipped model knows.
const PHRASE = 'quuxfrobnitz';
const WORD = 'zorblaxquint';
const TEXT = `${PHRASE} ${WORD}`;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { WORKER_ROLES: 'admin' } });
  await stack.startExtraWorker({ WORKER_ROLES: 'consumer' });
});

afterAll(async () => {
  await stack?.stop();
});

/** Posts `requirement` from a contact of its own (no contact-frequency reason) and returns the reasons B stored. */
async function scored(requirement: string): Promise<{ id: string; reasons: string[] }> {
  const res = await postJson(
    stack.leadsUrl,
    validLead({ requirement, phone: `136${String(randomInt(0, 99_999_999)).padStart(8, '0')}` }),
  );
  expect(res.status).toBe(202);
  const id: string = res.json().id;
  const [row] = await stack.waitForRows<{ spam_reasons: string[] | null }>(
    'SELECT spam_reasons FROM leads WHERE id = $1',
    [id],
    30_000,
  );
  return { id, reasons: row.spam_reasons ?? [] };
}

const phraseReason = (reasons: string[]) => reasons.some((r) => r.startsWith('phrases:') && r.includes(PHRASE));
const modelReason = (reasons: string[]) => reasons.some((r) => r.startsWith('bayes:') && r.includes(WORD));

it('scores leads on worker B with a phrase added and verdicts given on worker A', async () => {
  const before = [await scored(TEXT), await scored(TEXT)];
  for (const { reasons } of before) {
    expect(phraseReason(reasons)).toBe(false);
    expect(modelReason(reasons)).toBe(false);
  }

  const added = await adminSend(stack, 'POST', '/admin/spam/phrases', { phrase: PHRASE });
  expect(added.status).toBe(201);
  for (const { id } of before) {
    const verdict = await adminSend(stack, 'POST', `/admin/leads/${id}/spam`, undefined);
    expect(verdict.json()).toEqual({ id, learned: true });
  }

  // B rereads both within its 30 s interval; one lead every 2 s until one shows both.
  const after = await waitFor(
    async () => {
      const { reasons } = await scored(TEXT);
      if (phraseReason(reasons) && modelReason(reasons)) return reasons;
      await sleep(2000);
      return null;
    },
    75_000,
    "B's score with the phrase and the retrained model",
  );
  expect(after).toEqual(expect.arrayContaining([expect.stringMatching(/^phrases:/), expect.stringMatching(/^bayes:/)]));
});
