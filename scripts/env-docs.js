#!/usr/bin/env node
'use strict';
/**
 * Writes docs/configuration.md and .env.example from the zod schemas
 * (libs/config/src/env.ts, channels-env.ts: each field's `.describe()` text
 * and default), so the reference cannot drift from what the apps accept.
 *
 *   node scripts/env-docs.js          rewrite both files
 *   node scripts/env-docs.js --check  exit 1 if either is not current (CI)
 *
 * The TypeScript sources are bundled in memory with esbuild (no build
 * needed); zod stays an ordinary require. The unit spec
 * libs/config/src/env-reference.spec.ts makes the same comparison.
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'libs/config/src/env-reference.ts');

function loadReference() {
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    // Only the schemas' own files are bundled; packages load from node_modules.
    packages: 'external',
  });
  const mod = new Module(entry, module);
  mod.filename = entry;
  mod.paths = Module._nodeModulePaths(path.dirname(entry));
  mod._compile(outputFiles[0].text, entry);
  return mod.exports;
}

function main() {
  const reference = loadReference();
  const twice = reference.definedTwice();
  if (twice.length > 0) {
    console.error(`defined in both schemas (define them once, in commonEnv): ${twice.join(', ')}`);
    process.exit(1);
  }
  const files = {
    'docs/configuration.md': reference.renderConfigurationMarkdown(),
    '.env.example': reference.renderEnvExample(),
  };
  const check = process.argv.includes('--check');
  let stale = false;
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (current === text) continue;
    if (check) {
      console.error(`${name} is not current: run \`node scripts/env-docs.js\``);
      stale = true;
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      console.log(`wrote ${name}`);
    }
  }
  if (stale) process.exit(1);
}

main();
