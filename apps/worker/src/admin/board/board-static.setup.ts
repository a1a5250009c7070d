import { readdirSync } from 'node:fs';
import { extname } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { defaultBoardAssets } from './board-assets';

export const ASSET_PREFIX = '/admin/assets/';

// The URLs carry ?v=<hash of the files>, so a long max-age would do; a short
// one plus the ETag keeps a hand-typed URL honest too.
const ASSET_CACHE = 'private, max-age=3600';

/**
 * Serves the board's script and stylesheet at /admin/assets/ with ETag and
 * Last-Modified. The path is under /admin, so the admin auth hook (an
 * onRequest hook registered before any route) guards them like the pages.
 */
export async function registerBoardAssets(app: NestFastifyApplication): Promise<void> {
  const { root } = defaultBoardAssets();
  // Only the files the build made (script, its source map, stylesheet): a folder or anything else is a 404.
  const files = new Set(readdirSync(root).map((name) => `/${name}`));
  await app.register(async (scope: FastifyInstance) => {
    // The files are versioned by their URL (?v=<hash>), so a matching ETag is
    // the answer even to a revalidation that asks to bypass caches: fetch()
    // adds Cache-Control: no-cache to every conditional request, and
    // @fastify/send would then always resend the file.
    scope.addHook('onRequest', async (req: FastifyRequest) => {
      if (req.headers['if-none-match'] && req.headers['cache-control'] === 'no-cache') delete req.raw.headers['cache-control'];
    });
    await scope.register(fastifyStatic, {
      root,
      allowedPath: (pathName) => files.has(pathName),
      prefix: ASSET_PREFIX,
      // Bull Board registers its own @fastify/static, which decorates the reply.
      decorateReply: false,
      index: false,
      cacheControl: false,
      setHeaders: (reply, path) => {
        reply.header('cache-control', ASSET_CACHE);
        if (extname(path) === '.js') reply.header('content-type', 'text/javascript; charset=utf-8');
      },
    });
  });
}
