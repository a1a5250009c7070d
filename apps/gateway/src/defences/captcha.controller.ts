import { Controller, Get, Header, Query } from '@nestjs/common';
import { GatewayConfig, InjectConfig } from '@app/config';
import { DEFAULT_FORM_SLUG } from '@app/contracts';
import { CaptchaService } from './captcha.service';

export interface CaptchaStatus {
  required: boolean;
  provider: GatewayConfig['CAPTCHA_PROVIDER'];
  /** The public id the widget needs (GeeTest captcha_id, Tencent CaptchaAppId, Turnstile site key). */
  id: string | null;
}

/** GET /api/captcha?form=<slug>: lets the form page and embed.js load a widget only when a post would need it. */
@Controller('api/captcha')
export class CaptchaController {
  constructor(
    private readonly captcha: CaptchaService,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  async status(@Query('form') form?: string): Promise<CaptchaStatus> {
    const provider = this.config.CAPTCHA_PROVIDER;
    const slug = typeof form === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(form) ? form : DEFAULT_FORM_SLUG;
    let required: boolean;
    try {
      required = await this.captcha.requiredFor(slug);
    } catch {
      // Without Redis the post fails anyway; the page should not break over a widget.
      required = false;
    }
    return { required, provider, id: provider === 'none' ? null : this.config.CAPTCHA_ID };
  }
}
