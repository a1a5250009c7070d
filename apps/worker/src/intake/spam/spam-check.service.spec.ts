import { aLeadPayload } from '../../../../../test/unit-fakes/lead-payload.fixture';
import { fakeLogger } from '../../../../../test/unit-fakes/logger.fake';
import { workerConfig } from '../../../../../test/unit-fakes/worker-config';
import type { ContactFacts } from '../../data/lead.repository';
import { SpamCheck } from './spam-check.service';
import type { SpamPhraseRepository } from '../../data/spam-phrase.repository';
import type { SpamFloodService } from './spam-flood.service';
import { seedModel, type SpamModelService } from './spam-model.service';
import { SpamPhraseList } from './spam-phrase-list';

describe('SpamCheck', () => {
  let facts: ContactFacts | undefined;
  let recorded: boolean[];
  let adminPhrases: string[];

  function service(env: Record<string, string> = {}) {
    return new SpamCheck(
      { current: async () => seedModel() } as unknown as SpamModelService,
      { record: (q: boolean) => void recorded.push(q) } as unknown as SpamFloodService,
      // The real list over the admins' phrases as the table holds them.
      new SpamPhraseList({ phrases: async () => adminPhrases } as unknown as SpamPhraseRepository, fakeLogger()),
      workerConfig(env),
    );
  }

  const check = (env: Record<string, string> = {}, payload = aLeadPayload()) => service(env).check(payload, facts);

  beforeEach(() => {
    facts = undefined;
    recorded = [];
    adminPhrases = [];
  });

  it('scores from the text as a contact with no history, saying for which contacts that holds', async () => {
    const mark = await check();
    expect(mark.quarantined).toBe(false);
    expect(mark.score).toBeLessThan(0.8);
    expect(mark.contactLeadsBelow).toBe(3);
    // A contact with two other leads today, no verdict and no block scores the same.
    facts = { leadsToday: 2, markedSpam: false, blocked: null };
    expect(await check()).toEqual({ score: mark.score, reasons: mark.reasons, quarantined: false });
    facts = { leadsToday: 3, markedSpam: false, blocked: null };
    expect((await check()).score).toBeGreaterThan(mark.score);
  });

  it('counts only the settled mark towards the spam flood share', async () => {
    const spam = service();
    const mark = await spam.check(aLeadPayload());
    expect(recorded).toEqual([]);
    spam.settled(mark);
    spam.settled({ ...mark, quarantined: true });
    expect(recorded).toEqual([false, true]);
  });

  it('holds a blocked contact whatever it scores, naming the block first', async () => {
    facts = { leadsToday: 0, markedSpam: false, blocked: 'phone' };
    const mark = await check();
    expect(mark.quarantined).toBe(true);
    expect(mark.reasons[0]).toBe('blocked:phone');
    expect(mark.contactLeadsBelow).toBeUndefined();
  });

  it('holds a lead scoring at or over SPAM_THRESHOLD', async () => {
    const score = (await check()).score;
    expect((await check({ SPAM_THRESHOLD: String(score) })).quarantined).toBe(true);
    expect((await check({ SPAM_THRESHOLD: String(Math.min(1, score + 0.01)) })).quarantined).toBe(false);
  });

  it('scores a contact staff marked as spam, flooding today and with no captcha higher', async () => {
    const ordinary = (await check()).score;
    facts = { leadsToday: 12, markedSpam: true, blocked: null };
    const payload = aLeadPayload();
    payload.context = { ...payload.context, captcha: 'unverified' } as typeof payload.context;
    expect((await check({}, payload)).score).toBeGreaterThan(ordinary);
  });

  it('scores a lead higher when it holds a phrase an admin added to the list', async () => {
    const payload = aLeadPayload();
    payload.fields = { ...payload.fields, requirement: `${payload.fields.requirement} 蓝鲸批发群 wholesale` };
    const ordinary = (await check({}, payload)).score;
    adminPhrases = ['蓝鲸批发群'];
    const mark = await check({}, payload);
    expect(mark.score).toBeGreaterThan(ordinary);
    expect(mark.reasons).toContain('phrases:蓝鲸批发群');
  });
});
