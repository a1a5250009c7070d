/**
 * Jest runs CommonJS, and @nestjs/* 12 ships ES modules only: rewrite those
 * packages to CommonJS with esbuild so unit specs can load real services
 * (decorators, exceptions, Logger) instead of mocking Nest away.
 */
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      format: 'cjs',
      loader: 'js',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'external',
    });
    return { code, map };
  },
};
