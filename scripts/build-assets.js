#!/usr/bin/env node
'use strict';
/**
 * The part of `npm run build` that tsc does not do:
 *
 * - bundles each app's browser code (TypeScript under apps/<app>/browser/)
 *   with esbuild into dist/apps/<app>/public/, next to the app's static
 *   files (apps/<app>/public/, copied as they are) and the libraries'
 *   (libs/<lib>/public/: the form's stylesheet, which the gateway's pages
 *   and the worker's form preview both load);
 * - copies every `.eta` template (the apps' and the libraries', which each
 *   app's build compiles into its own dist) to the same path below the
 *   compiled JavaScript, so `join(__dirname, 'views')` finds them from the
 *   sources (tests) and from dist alike.
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const apps = ['gateway', 'worker'];

/** Browser entry points: source file → output name in the app's public folder. */
const bundles = {
  gateway: { 'form.ts': 'form.js', 'embed.ts': 'embed.js' },
  worker: { 'board.ts': 'board.js', 'reports.ts': 'reports.js', 'form-editor.ts': 'form-editor.js' },
};

function walk(dir, onFile) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, onFile);
    else onFile(full);
  }
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

async function main() {
  for (const app of apps) {
    const appRoot = path.join(root, 'apps', app);
    const publicOut = path.join(root, 'dist/apps', app, 'public');
    walk(path.join(appRoot, 'public'), (file) =>
      copy(file, path.join(publicOut, path.relative(path.join(appRoot, 'public'), file))),
    );
    for (const lib of fs.readdirSync(path.join(root, 'libs'))) {
      const libPublic = path.join(root, 'libs', lib, 'public');
      walk(libPublic, (file) => copy(file, path.join(publicOut, path.relative(libPublic, file))));
    }
    for (const src of [path.join(appRoot, 'src'), path.join(root, 'libs')]) {
      walk(src, (file) => {
        if (file.endsWith('.eta')) copy(file, path.join(root, 'dist/apps', app, path.relative(root, file)));
      });
    }
    for (const [entry, out] of Object.entries(bundles[app])) {
      const source = path.join(appRoot, 'browser', entry);
      if (!fs.existsSync(source)) continue;
      await esbuild.build({
        entryPoints: [source],
        outfile: path.join(publicOut, out),
        bundle: true,
        minify: true,
        sourcemap: true,
        format: 'iife',
        target: ['es2018'],
        tsconfig: path.join(root, 'tsconfig.browser.json'),
        logLevel: 'warning',
      });
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
