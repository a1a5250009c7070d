/**
 * A naive Bayes model over the words of leads, kept as counts so that it is
 * plain JSON (stored in Postgres, shipped as a file) and learns one lead at
 * a time: a verdict adds the lead's words to one side, a changed verdict
 * moves them.
 */
export interface BayesModel {
  v: 1;
  spamDocs: number;
  hamDocs: number;
  /** In how many spam / genuine leads each word occurred. */
  spam: Record<string, number>;
  ham: Record<string, number>;
}

export type SpamLabel = 'spam' | 'genuine';

export function emptyModel(): BayesModel {
  return { v: 1, spamDocs: 0, hamDocs: 0, spam: {}, ham: {} };
}

export function isBayesModel(value: unknown): value is BayesModel {
  const m = value as Partial<BayesModel> | null;
  return (
    !!m &&
    m.v === 1 &&
    typeof m.spamDocs === 'number' &&
    typeof m.hamDocs === 'number' &&
    typeof m.spam === 'object' &&
    typeof m.ham === 'object'
  );
}

/** Adds (`by` = 1) or removes (`by` = -1) one lead's words; returns the same model. */
export function train(model: BayesModel, tokens: readonly string[], label: SpamLabel, by: 1 | -1 = 1): BayesModel {
  const counts = label === 'spam' ? model.spam : model.ham;
  for (const t of new Set(tokens)) {
    const next = (counts[t] ?? 0) + by;
    if (next > 0) counts[t] = next;
    else delete counts[t];
  }
  if (label === 'spam') model.spamDocs = Math.max(0, model.spamDocs + by);
  else model.hamDocs = Math.max(0, model.hamDocs + by);
  return model;
}

/** How many of the most telling words decide: a long text cannot win on sheer length. */
const DECIDING_WORDS = 15;
/** Words seen fewer times than this in all say nothing yet. */
const MIN_SEEN = 2;

/**
 * Log-odds that the words come from a spam lead, equal priors (the corpus's
 * mix says nothing about a site's traffic). Each word's evidence is the
 * smoothed ratio of the share of spam and genuine leads that contained it;
 * the DECIDING_WORDS strongest pieces of evidence are summed. 0 when the
 * model knows none of the words.
 */
export function spamLogOdds(model: BayesModel, tokens: readonly string[]): { logOdds: number; words: string[] } {
  if (model.spamDocs === 0 || model.hamDocs === 0) return { logOdds: 0, words: [] };
  const evidence: [string, number][] = [];
  for (const t of new Set(tokens)) {
    const s = model.spam[t] ?? 0;
    const h = model.ham[t] ?? 0;
    if (s + h < MIN_SEEN) continue;
    const ps = (s + 0.5) / (model.spamDocs + 1);
    const ph = (h + 0.5) / (model.hamDocs + 1);
    evidence.push([t, Math.log(ps / ph)]);
  }
  evidence.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const top = evidence.slice(0, DECIDING_WORDS);
  return {
    logOdds: top.reduce((sum, [, e]) => sum + e, 0),
    words: top.filter(([, e]) => e > 1).map(([t]) => t),
  };
}
