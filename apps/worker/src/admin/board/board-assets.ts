import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The board's two static files (apps/worker/public) and their types. */
export const ASSET_FILES = {
  'board.js': 'text/javascript; charset=utf-8',
  'board.css': 'text/css; charset=utf-8',
} as const;
export type AssetName = keyof typeof ASSET_FILES;

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Where apps/worker/public is, from this file's directory
 * (apps/worker/src/admin/board from source, dist/apps/worker/apps/worker/src/admin/board built).
 */
export function boardAssetDirs(dir = __dirname): string[] {
  return [
    resolve(dir, '../../../public'), // from source: apps/worker/public
    resolve(dir, '../../../../../public/apps/worker/public'), // nest-cli.json assets with outDir "dist/apps/worker/public"
    resolve(dir, '../../../../../public'), // a flat copy into dist/apps/worker/public
    resolve(dir, '../../../../../../../../apps/worker/public'), // the source tree, from the built file
  ];
}

export function loadBoardAssets(dirs = boardAssetDirs()): { assets: Record<AssetName, Asset>; version: string } {
  const dir = dirs.find((d) => Object.keys(ASSET_FILES).every((f) => existsSync(join(d, f))));
  if (!dir) {
    throw new Error(`board assets (${Object.keys(ASSET_FILES).join(', ')}) not found in any of: ${dirs.join(', ')}`);
  }
  const assets = {} as Record<AssetName, Asset>;
  const all = createHash('sha256');
  for (const [name, type] of Object.entries(ASSET_FILES) as [AssetName, string][]) {
    const body = readFileSync(join(dir, name));
    all.update(body);
    assets[name] = { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
  }
  return { assets, version: all.digest('base64url').slice(0, 10) };
}
