/**
 * Flood guard for the sales inbox (FLOOD_ALERTS_PER_MINUTE on the worker):
 * every lead is still stored with its task, a few get their own alert, the
 * rest go out in one digest email at the end of the minute, and every lead
 * is alerted exactly once. The digest waits for the minute's end, so this
 * file takes up to ~75 s and runs on its own stack.
 */
jest.setTimeout(150_000);

import { leadIdsOf, roomInThisMinute } from '../support/defences';
import { postJson } from '../support/http';
import type { SinkMessage } from '../support/smtp-sink';
import { startStack, validLead, waitFor, type Stack } from '../support/stack';

const FLOOD_LIMIT = 3;
const LEADS = 8;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { FLOOD_ALERTS_PER_MINUTE: String(FLOOD_LIMIT) } });
});

afterAll(async () => {
  await stack?.stop();
});

describe(`a burst of ${LEADS} leads with FLOOD_ALERTS_PER_MINUTE=${FLOOD_LIMIT}`, () => {
  const ids: string[] = [];
  const names = new Map<string, string>();
  let individual: SinkMessage[] = [];
  let digests: SinkMessage[] = [];

  beforeAll(async () => {
    // The burst should not straddle a minute boundary (the digest goes out at
    // the end of the minute the first lead was parked in).
    await roomInThisMinute(8);
    // As many senders at once as a botnet would be (rate limit off here).
    const leads = Array.from({ length: LEADS }, (_, i) => validLead({ requirement: `洪水测试 ${i} 需要报价` }));
    const answers = await Promise.all(leads.map((lead) => postJson(stack.leadsUrl, lead)));
    answers.forEach((res, i) => {
      expect(res.status).toBe(202);
      const id: string = res.json().id;
      ids.push(id);
      names.set(id, leads[i].name as string);
    });
  });

  it('stores every lead with its follow-up task at once', async () => {
    await waitFor(
      async () => {
        const { rows } = await stack.db.query(
          `SELECT count(*)::int AS n FROM leads l JOIN follow_up_tasks t ON t.lead_id = l.id WHERE l.id = ANY($1::uuid[])`,
          [ids],
        );
        return rows[0].n === LEADS;
      },
      20000,
      `all ${LEADS} leads and tasks`,
    );
  });

  it('sends individual alerts for some leads, not for all of them', async () => {
    // Give the worker time to deal with every job of the burst.
    await waitFor(
      async () => {
        const { rows } = await stack.db.query(
          `SELECT count(*)::int AS n FROM notifications WHERE lead_id = ANY($1::uuid[]) AND kind = 'new-lead' AND status IN ('sent', 'batched')`,
          [ids],
        );
        return rows[0].n === LEADS;
      },
      20000,
      'every alert sent or parked for the digest',
    );
    individual = stack.sink.messages.filter((m) => m.header('x-lead-notice') === 'new-lead');
    expect(individual.length).toBeGreaterThanOrEqual(1);
    expect(individual.length).toBeLessThanOrEqual(FLOOD_LIMIT);
    expect(individual.length).toBeLessThan(LEADS);
  });

  it('sends one digest email listing the rest within ~70 s', async () => {
    const covered = () => new Set(stack.sink.messages.flatMap(leadIdsOf));
    // The digest goes out at the end of the current minute (≤ 60 s from now) plus a little.
    await waitFor(() => ids.every((id) => covered().has(id)), 72_000, 'every lead in an individual alert or a digest');
    digests = stack.sink.messages.filter((m) => m.header('x-lead-notice') === 'digest');
    expect(digests).toHaveLength(1);
    const digest = digests[0];
    const listed = leadIdsOf(digest);
    const alone = individual.flatMap(leadIdsOf);
    expect([...listed, ...alone].sort()).toEqual([...ids].sort());
    expect(listed.length).toBe(LEADS - alone.length);
    expect(digest.envelopeTo).toEqual(['sales@example.com']);
    // It shows the leads it covers to the reader, not just in a header.
    const text = digest.mail.text ?? '';
    for (const id of listed) expect(text).toContain(names.get(id));
  });

  it('alerts every lead in exactly one email and records every ledger row as sent', async () => {
    const mentions = new Map<string, number>();
    for (const message of stack.sink.messages) {
      for (const id of leadIdsOf(message)) mentions.set(id, (mentions.get(id) ?? 0) + 1);
    }
    expect(Object.fromEntries(ids.map((id) => [id, mentions.get(id) ?? 0]))).toEqual(
      Object.fromEntries(ids.map((id) => [id, 1])),
    );
    // Nothing about other leads either.
    expect([...mentions.keys()].sort()).toEqual([...ids].sort());

    const rows = await waitFor(
      async () => {
        const { rows: found } = await stack.db.query(
          `SELECT lead_id, kind, status, sent_at FROM notifications WHERE lead_id = ANY($1::uuid[])`,
          [ids],
        );
        return found.length === LEADS && found.every((r) => r.status === 'sent') ? found : null;
      },
      10000,
      'every ledger row sent',
    ).catch(async (err) => {
      const { rows: found } = await stack.db.query(
        `SELECT lead_id, kind, status FROM notifications WHERE lead_id = ANY($1::uuid[])`,
        [ids],
      );
      throw new Error(`${(err as Error).message}: ${JSON.stringify(found)}`);
    });
    expect(rows.every((r) => r.kind === 'new-lead' && r.sent_at instanceof Date)).toBe(true);
  });
});
