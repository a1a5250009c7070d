/**
 * Jest runs CommonJS, and @nestjs/* 12 ships ES modules only: rewrite those
 * packages to CommonJS with esbuild so unit specs can load real services
 * (decorators, exceptions, Logger) instead of mocking Nest away.
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { transformSync } = require('esbuild');

// Part of every cache key: a change here must not be hidden by jest's cache.
const SELF = readFileSync(__filename);

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha256').update(SELF).update('\0').update(filename).update('\0').update(source).digest('hex');
  },
  process(source, filename) {
    const { code, map } = transformSync(source, {
      format: 'cjs',
      loader: 'js',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'external',
      // CommonJS has no import.meta: packages that build a require from it
      // (@nestjs/typeorm's createRequire(import.meta.url)) get the file's URL.
      define: { 'import.meta.url': '__esmImportMetaUrl' },
      banner: "const __esmImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    });
    return { code, map };
  },
};
