import { Controller, Get, Header, Headers, Query } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { isLeadId } from '@app/contracts';
import { pickLang } from '../http/negotiation';
import { thanksPage } from './result-pages';

@Controller()
export class ThanksController {
  @Get('thanks')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  thanks(@Query('id') id: unknown, @Query('lang') lang: unknown, @Headers() headers: IncomingHttpHeaders): string {
    // The form is Chinese, so a browser that states no language gets Chinese.
    return thanksPage(pickLang(headers, lang, 'zh'), isLeadId(id) ? id : null);
  }
}
