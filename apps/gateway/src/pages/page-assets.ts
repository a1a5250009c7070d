import type { FastifyStaticOptions } from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The browser files: scripts/build-assets.js bundles apps/gateway/browser
 * and copies apps/gateway/public into dist/apps/gateway/public, four levels
 * above this file's compiled copy (dist/apps/gateway/apps/gateway/src/pages).
 */
export const PUBLIC_DIR = join(__dirname, '../../../../public');

/** Files other sites load by this name (not under /assets/): embed.js and its source map. */
export const ROOT_FILES = ['embed.js', 'embed.js.map'] as const;

// Not fingerprinted URLs (embed.js is referenced from other sites), so a
// short max-age plus an ETag for cheap revalidation.
const ASSET_CACHE = 'public, max-age=600, stale-while-revalidate=86400';

/** @fastify/static for /assets/*: the files present at boot, with ETag and Last-Modified. */
export function assetOptions(dir = PUBLIC_DIR): FastifyStaticOptions {
  if (!existsSync(join(dir, 'form.js'))) {
    throw new Error(`the gateway's browser files are missing from ${dir}: run npm run build`);
  }
  return {
    root: dir,
    prefix: '/assets/',
    wildcard: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      // The registered type (RFC 9239); send's table still says application/javascript.
      if (path.endsWith('.js')) reply.type('text/javascript; charset=utf-8');
      reply.header('cache-control', ASSET_CACHE);
      // embed.js (and the form's files) may be loaded by the company's other sites.
      reply.header('cross-origin-resource-policy', 'cross-origin');
    },
  };
}
