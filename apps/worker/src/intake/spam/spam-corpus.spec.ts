import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDisposableDomain } from './disposable-domains';
import { isBayesModel } from './naive-bayes';
import { CorpusItem, evaluate, halves, trainedModel } from './spam-corpus-eval';
import seed from './spam-seed-model.json';

const corpus: CorpusItem[] = JSON.parse(readFileSync(join(__dirname, '../../../../../test/fixtures/spam-corpus.json'), 'utf8'));
const THRESHOLD = 0.8;
const ctx = (model: ReturnType<typeof trainedModel>) => ({ model, isDisposableDomain });

describe('spam score on the labelled corpus', () => {
  it('has at least 300 spam and 300 genuine posts, Chinese and English, with the hard cases', () => {
    const of = (label: string, lang?: string) => corpus.filter((c) => c.label === label && (!lang || c.lang === lang));
    expect(of('spam').length).toBeGreaterThanOrEqual(300);
    expect(of('genuine').length).toBeGreaterThanOrEqual(300);
    for (const label of ['spam', 'genuine']) for (const lang of ['zh', 'en']) expect(of(label, lang).length).toBeGreaterThan(50);
    const genuine = of('genuine');
    expect(genuine.filter((c) => /https?:\/\//.test(c.requirement)).length).toBeGreaterThan(20);
    expect(genuine.filter((c) => c.requirement.length <= 16).length).toBeGreaterThan(20);
    expect(of('spam').filter((c) => !/https?:\/\//.test(c.requirement)).length).toBeGreaterThan(150);
    expect(of('spam').filter((c) => /报价|询价|quot|rfq/i.test(c.requirement)).length).toBeGreaterThan(30);
  });

  it.each([
    ['even', 'odd'],
    ['odd', 'even'],
  ])('trained on the %s half, quarantines >= 90%% of spam and <= 1%% of genuine leads of the %s half', (trainOn) => {
    const [even, odd] = halves(corpus);
    const [train, test] = trainOn === 'even' ? [even, odd] : [odd, even];
    const result = evaluate(test, ctx(trainedModel(train)), THRESHOLD);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
    expect(result.falsePositiveRate).toBeLessThanOrEqual(0.01);
  });

  it('ships a model trained on the whole corpus (npm run spam:train)', () => {
    expect(isBayesModel(seed)).toBe(true);
    expect(seed).toEqual(trainedModel(corpus));
  });
});
