import { BayesModel, spamLogOdds } from './naive-bayes';
import {
  contactSignals,
  emailSignals,
  gibberishSignals,
  linkSignals,
  offerSignals,
  phraseSignals,
  scriptSignals,
  SpamSignal,
} from './spam-signals';
import { SpamInput, spamTokens } from './spam-text';

export interface SpamVerdict {
  /** 0..1; at or over SPAM_THRESHOLD the lead is quarantined. */
  score: number;
  /** What produced the score, strongest first, for staff to read. */
  reasons: string[];
}

export interface ScoringContext {
  model: BayesModel;
  /** Phrases admins added to the shipped list. */
  phrases?: readonly string[];
  isDisposableDomain: (domain: string) => boolean;
}

/** Where a lead with no evidence either way lands: well under any sane threshold. */
const PRIOR = -2.5;
/** The Bayes model's log-odds, bounded so one unlucky word list cannot quarantine a buyer by itself. */
const BAYES_LIMIT = 7;
const BAYES_WEIGHT = 0.7;

/** Every signal's weight plus the bounded Bayes evidence, in log-odds, squashed to 0..1. */
export function scoreLead(input: SpamInput, ctx: ScoringContext): SpamVerdict {
  const text = [input.requirement, input.company ?? ''].join('\n');
  const signals: SpamSignal[] = [
    ...linkSignals(text),
    ...phraseSignals(text, ctx.phrases),
    ...offerSignals(text),
    ...gibberishSignals(text, input.name),
    ...scriptSignals(text, input.name),
    ...contactSignals(input),
    ...emailSignals(input.email, ctx.isDisposableDomain),
    // Posted while the form was under attack, without a checked captcha: some doubt, not a verdict.
    ...(input.captchaUnverified ? [{ reason: 'captcha-unverified', weight: 1.0 }] : []),
  ];
  const bayes = spamLogOdds(ctx.model, spamTokens(input));
  const bayesPart = Math.max(-BAYES_LIMIT, Math.min(BAYES_LIMIT, bayes.logOdds)) * BAYES_WEIGHT;
  if (bayesPart !== 0) {
    signals.push({
      reason: `bayes:${sigmoid(bayes.logOdds).toFixed(2)}${bayes.words.length ? `(${bayes.words.slice(0, 4).join('|')})` : ''}`,
      weight: bayesPart,
    });
  }
  const z = signals.reduce((sum, s) => sum + s.weight, PRIOR);
  return {
    score: Math.round(sigmoid(z) * 1000) / 1000,
    reasons: signals.sort((a, b) => b.weight - a.weight).map((s) => s.reason),
  };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
