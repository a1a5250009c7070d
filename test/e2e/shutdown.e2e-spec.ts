/**
 * Promise 4: SIGTERM is a normal stop. Both apps finish what they are doing
 * and exit 0 (a non-zero code would make an orchestrator report a crash).
 */
import { QueueName } from '@app/contracts';
import { postJson } from '../support/http';
import { startStack, validLead, type Stack } from '../support/stack';

// Starting the apps takes seconds; jest's 5 s default is for unit tests.
jest.setTimeout(60_000);

let stack: Stack;
const ids: string[] = [];

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

it('gateway exits 0 on SIGTERM', async () => {
  await stack.processLead();
  // A small burst right before the stop, so the worker has work in hand in the next test.
  for (let i = 0; i < 5; i++) {
    const res = await postJson(stack.leadsUrl, validLead());
    expect(res.status).toBe(202);
    ids.push(res.json().id);
  }
  expect(await stack.gateway.stop('SIGTERM')).toBe(0);
});

it('worker exits 0 on SIGTERM and leaves no job half-done', async () => {
  expect(await stack.worker.stop('SIGTERM')).toBe(0);
  // Finished or handed back: nothing may stay "active" under a dead worker's lock.
  for (const name of [QueueName.LeadIntake, QueueName.LeadNotify]) {
    expect(await stack.queue(name).getActiveCount()).toBe(0);
  }
  // Each lead is either fully stored (row + task) or not yet stored at all.
  const { rows } = await stack.db.query(
    `SELECT l.id FROM leads l LEFT JOIN follow_up_tasks t ON t.lead_id = l.id WHERE l.id = ANY($1) AND t.id IS NULL`,
    [ids],
  );
  expect(rows).toEqual([]);
});
