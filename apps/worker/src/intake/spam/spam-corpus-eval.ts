import { BayesModel, emptyModel, SpamLabel, train } from './naive-bayes';
import { scoreLead, ScoringContext } from './spam-scorer';
import { SpamInput, spamTokens } from './spam-text';

/** One labelled post of test/fixtures/spam-corpus.json. */
export interface CorpusItem extends SpamInput {
  label: SpamLabel;
  lang: string;
  phone: string | null;
}

export interface EvalResult {
  spam: number;
  genuine: number;
  /** Spam at or over the threshold. */
  caught: number;
  /** Genuine leads at or over the threshold. */
  falsePositives: number;
  precision: number;
  recall: number;
  falsePositiveRate: number;
  missed: CorpusItem[];
  heldBack: CorpusItem[];
}

export function trainedModel(items: readonly CorpusItem[], base: BayesModel = emptyModel()): BayesModel {
  for (const item of items) train(base, spamTokens(item), item.label);
  return base;
}

/** The corpus split in two by position: the file is shuffled when generated, so each half holds every kind. */
export function halves(items: readonly CorpusItem[]): [CorpusItem[], CorpusItem[]] {
  return [items.filter((_, i) => i % 2 === 0), items.filter((_, i) => i % 2 === 1)];
}

export function evaluate(items: readonly CorpusItem[], ctx: ScoringContext, threshold: number): EvalResult {
  const missed: CorpusItem[] = [];
  const heldBack: CorpusItem[] = [];
  let caught = 0;
  let falsePositives = 0;
  for (const item of items) {
    const quarantined = scoreLead(item, ctx).score >= threshold;
    if (item.label === 'spam' && quarantined) caught += 1;
    if (item.label === 'spam' && !quarantined) missed.push(item);
    if (item.label === 'genuine' && quarantined) {
      falsePositives += 1;
      heldBack.push(item);
    }
  }
  const spam = items.filter((i) => i.label === 'spam').length;
  const genuine = items.length - spam;
  return {
    spam,
    genuine,
    caught,
    falsePositives,
    precision: caught + falsePositives === 0 ? 1 : caught / (caught + falsePositives),
    recall: spam === 0 ? 1 : caught / spam,
    falsePositiveRate: genuine === 0 ? 0 : falsePositives / genuine,
    missed,
    heldBack,
  };
}
