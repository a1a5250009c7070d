#!/usr/bin/env node
'use strict';
/**
 * Writes test/fixtures/spam-corpus.json: labelled form posts (spam and
 * genuine B2B inquiries, Chinese and English) that the spam score is
 * measured on (`npm run spam:eval`) and the shipped model is trained from
 * (`npm run spam:train`). Generated from the word lists under
 * scripts/spam-corpus/ with a seeded generator, so the file is reproducible
 * and its items vary in wording, order, contact and length. Hard cases are
 * generated on purpose: genuine leads with a link, two-word leads, English
 * inquiries from abroad with free-mail addresses, a genuine ask for a VAT
 * invoice; spam without links and spam that mimics a quote request.
 *
 *   node scripts/make-spam-corpus.js [count-per-label]
 */
const fs = require('node:fs');
const path = require('node:path');
const G = require('./spam-corpus/genuine-words');
const S = require('./spam-corpus/spam-words');

const PER_LABEL = Number(process.argv[2] ?? 360);
let seed = 0x5eed2023;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(rand() * list.length)];
const chance = (p) => rand() < p;
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const slug = (n = 6) => Array.from({ length: n }, () => 'abcdefghjkmnpqrstuvwxyz23456789'[int(0, 30)]).join('');
const fill = (text, vars = {}) =>
  text.replace(/\{(\w+)\}/g, (_, k) => {
    if (k in vars) return vars[k];
    if (k === 'n') return String(int(1, 9));
    if (k === 'price') return String(int(2, 99) * 100);
    if (k === 'slug' || k === 'rand' || k === 'handle') return slug(int(5, 9));
    if (k === 'code') return slug(4);
    if (k === 'wx') return `${slug(3)}${int(1000, 99999)}`;
    if (k === 'qq') return String(int(10000000, 2999999999));
    if (k === 'shortlink') return fill(pick(S.shortlinks));
    return '';
  });
const mobile = () => `1${pick(['3', '5', '7', '8', '9'])}${String(int(0, 999999999)).padStart(9, '0')}`;
const zhName = () => pick(G.surnames) + pick(G.given);

function genuineZh() {
  const city = pick(G.cities);
  const [product, specs] = pick(G.products);
  const qty = pick(G.quantities);
  const roll = rand();
  let requirement;
  if (roll < 0.1) requirement = pick(G.shortZh);
  else if (roll < 0.2) requirement = fill(pick(G.linkZh), { qty, supplier: pick(['youpower', 'yp-energy']), slug: slug(6) });
  else {
    const parts = [fill(pick(G.contexts), { city }), `需要${product} ${pick(specs)} ${qty}，`, pick(G.asks)];
    if (chance(0.35)) parts.push('，' + pick(G.asks));
    if (chance(0.2)) parts.push(`，送货到${pick(G.cities)}`);
    parts.push(chance(0.5) ? '。' : '，', pick(G.tails));
    requirement = parts.join('').replace(/，。/g, '。').replace(/，，/g, '，').replace(/，$/, '');
  }
  const company = fill(pick(G.companies), { city: city.replace(/^..(?=..)/, '') });
  const domain = pick(G.domains);
  return {
    label: 'genuine',
    lang: 'zh',
    name: zhName(),
    company: company || null,
    phone: chance(0.85) ? mobile() : null,
    email: chance(0.5) ? `${slug(int(4, 8))}@${domain}` : null,
    requirement,
  };
}

function genuineEn() {
  const E = G.en;
  const i = int(0, E.names.length - 1);
  const [product, specs] = pick(E.products);
  let requirement;
  if (chance(0.12)) requirement = pick(E.short);
  else {
    const need = fill(pick(E.needs), { qty: pick(E.quantities), product, spec: pick(specs) });
    const opener = fill(pick(E.openers), { country: pick(E.countries) });
    const sentence = opener ? need : need[0].toUpperCase() + need.slice(1);
    requirement = [opener + sentence + '.', fill(pick(E.asks), { port: pick(E.ports) }), pick(E.tails)].join(' ').trim();
    if (chance(0.15))
      requirement += ` Spec sheet: https://www.${pick(G.enDomains.filter((d) => !/gmail|yahoo|outlook/.test(d)))}/rfq/${slug(5)}.pdf`;
  }
  return {
    label: 'genuine',
    lang: 'en',
    name: E.names[i],
    company: chance(0.8) ? E.companies[i] : null,
    phone: chance(0.4) ? `+${pick(['84', '254', '56', '92', '62', '966', '234', '63'])}${int(100000000, 999999999)}` : null,
    email: `${E.names[i].split(' ')[0].toLowerCase()}.${slug(3)}@${pick(G.enDomains)}`,
    requirement,
  };
}

function spamText(lang) {
  const L = S[lang];
  const roll = rand();
  if (roll < 0.08) return { text: pick(L.gibberish), kind: 'gibberish' };
  if (roll < 0.16) return { text: fill(pick(S.shortlinks)), kind: 'link-only' };
  const [product] = pick(G.products);
  const body = fill(pick(roll < 0.36 ? L.mimics : L.pitches), { product });
  const sep = lang === 'zh' ? '，' : ' ';
  const parts = [body];
  if (chance(0.3)) parts.push(fill(pick(L.pitches), { product }));
  const contact = fill(pick(L.contacts));
  if (contact) parts.push(contact);
  if (chance(0.35)) parts.push(fill(pick(chance(0.5) ? S.shortlinks : S.spamSites)));
  if (chance(0.1)) parts.push(fill(pick(S.spamSites)));
  return { text: parts.join(sep), kind: roll < 0.36 ? 'mimic' : 'pitch' };
}

function spam() {
  const foreign = chance(0.06);
  const lang = chance(0.55) ? 'zh' : 'en';
  const { text } = foreign ? { text: fill(pick(S.foreignTexts)) } : spamText(lang);
  return {
    label: 'spam',
    lang: foreign ? 'ru' : lang,
    name: foreign ? pick(S.foreignNames) : chance(0.15) ? slug(int(6, 12)) : pick(S.names),
    company: chance(0.3)
      ? pick(['网络科技', 'Digital Growth Agency', '财务咨询', 'SEO Solutions', 'Global Leads Ltd', '']) || null
      : null,
    phone: chance(0.5) ? mobile() : null,
    email: `${slug(int(5, 10))}@${pick(S.domains)}`,
    requirement: text,
  };
}

const items = [];
for (let i = 0; i < PER_LABEL; i += 1) items.push(chance(0.7) ? genuineZh() : genuineEn());
for (let i = 0; i < PER_LABEL; i += 1) items.push(spam());
// Interleave so that any half of the file (by index parity) holds both labels and every kind.
for (let i = items.length - 1; i > 0; i -= 1) {
  const j = Math.floor(rand() * (i + 1));
  [items[i], items[j]] = [items[j], items[i]];
}
const out = path.resolve(__dirname, '..', 'test/fixtures/spam-corpus.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
require('prettier')
  .resolveConfig(out)
  .then((options) => require('prettier').format(JSON.stringify(items), { ...options, parser: 'json' }))
  .then((text) => {
    fs.writeFileSync(out, text);
    console.log(`wrote ${items.length} items to ${path.relative(process.cwd(), out)}`);
  });
