import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';
import { MESSAGES } from './i18n';

/**
 * The catalog is the one place for UI text: these specs read the sources
 * (apps/ and libs/, specs aside) and fail with the places that break it.
 */

const ROOT = join(__dirname, '../../..');
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Chinese that is data or history, not UI text, each with why. Paths are
 * repository-relative, with `/`; a folder ends with `/`.
 */
const NOT_UI: Record<string, string> = {
  'libs/contracts/src/i18n/': 'the catalog itself',
  'apps/worker/src/intake/spam/': 'spam phrases: data the filter matches, never shown',
  'apps/worker/src/database/migrations/': 'migrations are history: they must keep writing what they wrote',
  'libs/contracts/src/forms/default-form.ts': "the default form's stored name (data, as the migration wrote it)",
  'libs/config/src/channels-env.ts': "configuration: the robots' keyword default and the env docs",
};

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|eta)$/.test(entry.name) && !/\.(spec|e2e-spec)\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

const FILES = ['apps', 'libs']
  .flatMap((d) => sourceFiles(join(ROOT, d)))
  .map((full) => ({ path: relative(ROOT, full).split(sep).join('/'), text: readFileSync(full, 'utf8') }));

const lineOf = (text: string, at: number) => text.slice(0, at).split('\n').length;

/** Chinese inside the code of a TypeScript file: string and template literals (comments are for the next engineer, not UI). */
function cjkLiteralsInTs(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)) &&
      CJK.test(node.text)
    ) {
      found.push(`${path}:${lineOf(text, node.getStart(source))} ${JSON.stringify(node.text.slice(0, 40))}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Chinese anywhere in a template but in its Eta comments (from `<%/*` to the closing `%>`). */
function cjkInEta(path: string, text: string): string[] {
  const code = text.replace(/<%\/\*[\s\S]*?\*\/%>/g, (c) => c.replace(/[^\n]/g, ' '));
  return code
    .split('\n')
    .flatMap((line, i) => (CJK.test(line) ? [`${path}:${i + 1} ${JSON.stringify(line.trim().slice(0, 60))}`] : []));
}

describe('UI text lives in the catalog', () => {
  it('no Chinese text outside it, in code or templates (data and history listed in NOT_UI)', () => {
    const found = FILES.filter((f) => CJK.test(f.text))
      .filter((f) => !Object.keys(NOT_UI).some((p) => (p.endsWith('/') ? f.path.startsWith(p) : f.path === p)))
      .flatMap((f) => (f.path.endsWith('.eta') ? cjkInEta(f.path, f.text) : cjkLiteralsInTs(f.path, f.text)));
    expect(found).toEqual([]);
  });

  it('finds what it looks for (a literal, a template part, an Eta line) and skips comments', () => {
    const ts = "// 注释\n/* 注释 */\nconst a = '看板';\nconst b = `共 ${n} 条`;";
    expect(cjkLiteralsInTs('x.ts', ts)).toEqual(['x.ts:3 "看板"', 'x.ts:4 "共 "', 'x.ts:4 " 条"']);
    expect(cjkInEta('x.eta', '<%/* 看板 */%>\n<p>看板</p>')).toEqual(['x.eta:2 "<p>看板</p>"']);
  });
});

/** Literal keys (not a prefix a key is built from) handed to a `t()`: `t('k')`, `t(lang, 'k')`, `it.t('k')`, `say('k')`. */
function usedKeys(path: string, text: string): { key: string; where: string }[] {
  const found = text.matchAll(/\b(?:t|say)\(\s*(?:[\w.'"]+\s*,\s*)?['"]([a-zA-Z]+(?:\.\w+)+)['"](?!\s*\+)/g);
  return [...found].map((m) => ({ key: m[1], where: `${path}:${lineOf(text, m.index)}` }));
}

describe('every key the code uses', () => {
  const keys = new Set(Object.keys(MESSAGES.zh));

  it('exists in zh and in en, with words in both', () => {
    const used = FILES.flatMap((f) => usedKeys(f.path, f.text));
    expect(used.length).toBeGreaterThan(200);
    const missing = used.filter((u) => !keys.has(u.key)).map((u) => `${u.where} ${u.key}`);
    expect(missing).toEqual([]);
    expect(Object.keys(MESSAGES.en).sort()).toEqual([...keys].sort());
    const empty = [...keys].filter(
      (k) => !MESSAGES.zh[k as keyof typeof MESSAGES.zh] || !MESSAGES.en[k as keyof typeof MESSAGES.en],
    );
    expect(empty).toEqual([]);
  });

  it('reads literal keys, not the prefix of a built one', () => {
    const code = "t(lang, 'staff.col.login'); say('chat.action.claim'); <%= it.t('go.page.title') %> it.t('board.role_' + r)";
    expect(usedKeys('a.ts', code).map((u) => u.key)).toEqual(['staff.col.login', 'chat.action.claim', 'go.page.title']);
  });

  it('is the only way templates read words (no word objects handed to them)', () => {
    const found = FILES.filter((f) => f.path.endsWith('.eta') && /\bh\.text\b|\bit\.r\b/.test(f.text)).map((f) => f.path);
    expect(found).toEqual([]);
  });
});
