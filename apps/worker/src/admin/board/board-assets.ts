import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The files the board pages load; the build (scripts/build-assets.js) puts them in dist/apps/worker/public. */
const BOARD_FILES = ['board.js', 'board.css'];
/**
 * Every page's stylesheet and some pages' own files (the reports page's
 * charts, the form editor and its preview's stylesheet, the hosted form's):
 * in the version too, when built.
 */
const PAGE_FILES = ['shell.css', 'reports.js', 'reports.css', 'form-editor.js', 'form.css'];

/**
 * Where the built public folder is, from this file's directory: next to the
 * compiled app (dist/apps/worker/apps/worker/src/admin/board → dist/apps/worker/public),
 * or, from the sources, in the repository's dist.
 */
export function boardAssetDirs(dir = __dirname): string[] {
  return [resolve(dir, '../../../../../public'), resolve(dir, '../../../../../dist/apps/worker/public')];
}

export interface BoardAssets {
  root: string;
  /** A hash of the files, appended to their URLs so a new deploy is not served stale files. */
  version: string;
}

let loaded: BoardAssets | undefined;

/** Finds the built board files (once) and hashes them; throws when the build did not make them. */
export function boardAssets(dirs = boardAssetDirs()): BoardAssets {
  const root = dirs.find((d) => BOARD_FILES.every((f) => existsSync(join(d, f))));
  if (!root)
    throw new Error(`board assets (${BOARD_FILES.join(', ')}) not found in any of: ${dirs.join(', ')}: run npm run build`);
  const all = createHash('sha256');
  for (const file of BOARD_FILES) all.update(readFileSync(join(root, file)));
  for (const file of PAGE_FILES) if (existsSync(join(root, file))) all.update(readFileSync(join(root, file)));
  return { root, version: all.digest('base64url').slice(0, 10) };
}

/** The assets of the default location, found and hashed once for the process. */
export function defaultBoardAssets(): BoardAssets {
  loaded ??= boardAssets();
  return loaded;
}
