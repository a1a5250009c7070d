import { fakeLogger } from '../../../../../test/unit-fakes/logger.fake';
import type { SpamRepository, StoredModel, Verdict } from '../../data/spam.repository';
import type { BayesModel } from './naive-bayes';
import { seedModel, SpamModelService } from './spam-model.service';

/** spam_model and spam_verdicts in memory, with recordVerdict's rules (the same verdict twice changes nothing). */
class InMemorySpamModel {
  stored: StoredModel | null = null;
  verdicts = new Map<string, { verdict: Verdict; tokens: string[] }>();
  reads = 0;
  down = false;

  async modelVersion(): Promise<number | null> {
    this.reads++;
    if (this.down) throw new Error('Postgres away');
    return this.stored?.version ?? null;
  }

  async loadModel(): Promise<StoredModel | null> {
    return this.stored && structuredClone(this.stored);
  }

  async recordVerdict(
    leadId: string,
    verdict: Verdict,
    tokens: string[],
    _actor: string,
    seed: () => unknown,
    learn: (model: unknown, previous: { verdict: Verdict; tokens: string[] } | null) => unknown,
  ): Promise<boolean> {
    this.stored ??= { model: seed(), version: 0 };
    const previous = this.verdicts.get(leadId) ?? null;
    if (previous?.verdict === verdict) return false;
    this.stored = { model: learn(structuredClone(this.stored.model), previous), version: this.stored.version + 1 };
    this.verdicts.set(leadId, { verdict, tokens });
    return true;
  }
}

describe('SpamModelService', () => {
  let store: InMemorySpamModel;
  let service: SpamModelService;
  const spamCount = (m: BayesModel, token: string) => m.spam[token] ?? 0;

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-03-02T02:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    store = new InMemorySpamModel();
    service = new SpamModelService(store as unknown as SpamRepository, fakeLogger());
  });

  afterEach(() => jest.useRealTimers());

  it('scores with the shipped model until staff have given a verdict', async () => {
    expect(await service.current()).toEqual(seedModel());
  });

  it('learns a verdict into the shared model, and scores with it at once', async () => {
    expect(await service.learn('lead-1', 'spam', ['word:代开', 'word:发票'], 'li')).toBe(true);
    const model = await service.current();
    expect(spamCount(model, 'word:代开')).toBe(spamCount(seedModel(), 'word:代开') + 1);
    expect(model.spamDocs).toBe(seedModel().spamDocs + 1);
  });

  it('moves the words when staff change their mind, and changes nothing for the same verdict twice', async () => {
    await service.learn('lead-1', 'spam', ['word:样品'], 'li');
    expect(await service.learn('lead-1', 'spam', ['word:样品'], 'wang')).toBe(false);
    expect(await service.learn('lead-1', 'genuine', ['word:样品'], 'boss')).toBe(true);
    const model = await service.current();
    expect(spamCount(model, 'word:样品')).toBe(spamCount(seedModel(), 'word:样品'));
    expect(model.ham['word:样品']).toBe((seedModel().ham['word:样品'] ?? 0) + 1);
  });

  it("picks up another worker's lesson within 30 seconds, asking Postgres at most that often", async () => {
    await service.current();
    const other = new SpamModelService(store as unknown as SpamRepository, fakeLogger());
    await other.learn('lead-9', 'spam', ['url:evil.example'], 'li');
    const readsBefore = store.reads;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(spamCount(await service.current(), 'url:evil.example')).toBe(spamCount(seedModel(), 'url:evil.example'));
    expect(store.reads).toBe(readsBefore);
    await jest.advanceTimersByTimeAsync(21_000);
    expect(spamCount(await service.current(), 'url:evil.example')).toBe(spamCount(seedModel(), 'url:evil.example') + 1);
  });

  it('keeps scoring with its copy while Postgres is away', async () => {
    await service.learn('lead-1', 'spam', ['word:x'], 'li');
    const known = await service.current();
    store.down = true;
    await jest.advanceTimersByTimeAsync(31_000);
    expect(await service.current()).toEqual(known);
  });
});
