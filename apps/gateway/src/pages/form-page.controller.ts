import { Controller, Get, Header, Headers, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join, resolve } from 'node:path';
import { APP_CONFIG, GatewayConfig } from '@app/config';
import { UTM_KEYS } from '@app/contracts';
import { FormTokenService } from '../defences/form-token.service';
import { pickLang } from '../lead/negotiation';
import { renderFormPage } from './form-page';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const ASSET_FILES = {
  'form.js': 'text/javascript; charset=utf-8',
  'form.css': 'text/css; charset=utf-8',
  'page.css': 'text/css; charset=utf-8',
  'embed.js': 'text/javascript; charset=utf-8',
} as const;
type AssetName = keyof typeof ASSET_FILES;

// Not fingerprinted URLs (embed.js is referenced from other sites), so a
// short max-age plus an ETag for cheap revalidation.
const ASSET_CACHE = 'public, max-age=600, stale-while-revalidate=86400';

// The page loads only its own script and stylesheet and posts to itself.
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  'form-action *',
].join('; ');

/**
 * Where the static files are. The compiled file lives at
 * dist/apps/gateway/apps/gateway/src/pages. `nest build` copies
 * apps/gateway/public/** keeping its path below the tsconfig rootDir (the
 * repository root), so with nest-cli.json's outDir "dist/apps/gateway/public"
 * they land in dist/apps/gateway/public/apps/gateway/public. With outDir
 * "dist/apps/gateway" they would sit beside the compiled sources, where the
 * first candidate (also the one used when running from source) finds them.
 */
export function publicDirCandidates(dir = __dirname): string[] {
  return [
    resolve(dir, '../../public'), // apps/gateway/public from source, or dist/apps/gateway/apps/gateway/public
    resolve(dir, '../../../../public/apps/gateway/public'), // nest-cli.json assets outDir "dist/apps/gateway/public"
    resolve(dir, '../../../../public'), // a flat copy into dist/apps/gateway/public
    resolve(dir, '../../../../../../../apps/gateway/public'), // the source tree, from the built file
  ];
}

export function loadAssets(dirs = publicDirCandidates()): Record<AssetName, Asset> {
  const dir = dirs.find((d) => Object.keys(ASSET_FILES).every((f) => existsSync(join(d, f))));
  if (!dir) {
    throw new Error(`form assets (${Object.keys(ASSET_FILES).join(', ')}) not found in any of: ${dirs.join(', ')}`);
  }
  const assets = {} as Record<AssetName, Asset>;
  for (const [name, type] of Object.entries(ASSET_FILES) as [AssetName, string][]) {
    const body = readFileSync(join(dir, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets[name] = { body, type, etag };
  }
  return assets;
}

/** GET / (the 需求描述 form) and the files it and other sites load. */
@Controller()
export class FormPageController {
  private readonly assets = loadAssets();

  constructor(
    private readonly tokens: FormTokenService,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  // The page carries a time-stamped token: never serve it from a cache.
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', PAGE_CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'strict-origin-when-cross-origin')
  form(@Query() query: Record<string, unknown>, @Headers() headers: IncomingHttpHeaders): string {
    // The form is Chinese first: a client that states no language (or only
    // "*", as Node's fetch does) gets Chinese.
    const stated = String(headers['accept-language'] ?? '').replace(/[\s,;]|q=[\d.]+|\*/g, '');
    const lang = pickLang(stated ? headers : {}, query.lang, 'zh');
    // UTM tags and _next on the link to this page travel with the post.
    const values: Record<string, string> = {};
    for (const key of [...UTM_KEYS, '_next']) {
      const v = query[key];
      if (typeof v === 'string' && v.length <= 1000) values[key] = v;
    }
    return renderFormPage({
      lang,
      token: this.tokens.issue(),
      privacyPolicyUrl: this.config.PRIVACY_POLICY_URL,
      companyName: this.config.COMPANY_NAME,
      consentRequired: this.config.CONSENT_REQUIRED,
      values,
    });
  }

  @Get('assets/form.js')
  formJs(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    this.send('form.js', ifNoneMatch, reply);
  }

  @Get('assets/form.css')
  formCss(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    this.send('form.css', ifNoneMatch, reply);
  }

  @Get('assets/page.css')
  pageCss(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    this.send('page.css', ifNoneMatch, reply);
  }

  @Get('embed.js')
  embedJs(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    this.send('embed.js', ifNoneMatch, reply);
  }

  private send(name: AssetName, ifNoneMatch: string | undefined, reply: FastifyReply): void {
    const asset = this.assets[name];
    reply
      .header('Cache-Control', ASSET_CACHE)
      .header('ETag', asset.etag)
      .header('X-Content-Type-Options', 'nosniff')
      // embed.js runs on the company's other sites.
      .header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag)) {
      return void reply.code(304).send();
    }
    reply.type(asset.type).send(asset.body);
  }
}
