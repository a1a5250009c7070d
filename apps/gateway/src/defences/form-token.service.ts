import { Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { InjectConfig, GatewayConfig } from '@app/config';

export type TokenVerdict = 'ok' | 'missing' | 'invalid' | 'too_fast' | 'expired';

const TOKEN_MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * The form's timing token: when the page was served, signed. A form posted
 * faster than a person can fill it in (or with a forged or stale token) is
 * treated like a honeypot hit. API clients that send no token are not judged.
 */
@Injectable()
export class FormTokenService {
  private readonly secret: Buffer;

  constructor(@InjectConfig() private readonly config: GatewayConfig) {
    // Without a configured secret each process signs with its own key: fine
    // for one gateway, but replicas behind a load balancer need the same one.
    this.secret = config.FORM_TOKEN_SECRET ? Buffer.from(config.FORM_TOKEN_SECRET) : randomBytes(32);
  }

  issue(now = Date.now()): string {
    const issued = now.toString(36);
    return `${issued}.${this.sign(issued)}`;
  }

  verify(token: unknown, now = Date.now()): TokenVerdict {
    if (token === undefined || token === null || token === '') return 'missing';
    if (typeof token !== 'string' || token.length > 100) return 'invalid';
    const [issued, signature] = token.split('.');
    if (!issued || !signature) return 'invalid';
    const expected = Buffer.from(this.sign(issued));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    const age = now - parseInt(issued, 36);
    if (!Number.isFinite(age) || age < 0 || age > TOKEN_MAX_AGE_MS) return 'expired';
    return age < this.config.MIN_FILL_SECONDS * 1000 ? 'too_fast' : 'ok';
  }

  private sign(issued: string): string {
    return createHmac('sha256', this.secret).update(issued).digest('base64url').slice(0, 32);
  }
}
