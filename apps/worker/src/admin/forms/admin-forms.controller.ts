import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Lang, MessageKey, t } from '@app/contracts';
import { FormDefinitionInvalid, FormsService } from '../../forms/forms.service';
import { clientOf, requireRole } from '../access';
import { previewInput, renderFormPreview } from '../form-pages/form-preview';
import { pageLang } from '../staff/staff-pages';

function langOf(req: FastifyRequest): Lang {
  return /^\s*en/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'zh';
}

/** The service's refusals in the caller's language; a bad definition as 400 with each problem by its JSON path. */
async function answered<T>(req: FastifyRequest, work: () => Promise<T>): Promise<T> {
  const lang = langOf(req);
  try {
    return await work();
  } catch (err) {
    if (err instanceof FormDefinitionInvalid) {
      throw new BadRequestException({
        statusCode: 400,
        message: t(lang, 'forms.invalid'),
        errors: err.errors.map((e) => ({
          ...e,
          message: t(lang, `forms.error.${e.code}` as MessageKey, e.limit === undefined ? undefined : { limit: e.limit }),
        })),
      });
    }
    if (err instanceof HttpException && err.message.startsWith('forms.')) {
      throw new HttpException({ statusCode: err.getStatus(), message: t(lang, err.message as MessageKey) }, err.getStatus());
    }
    throw err;
  }
}

/** Forms: admins create and edit them, managers read them, sales do not see them. */
@Controller('admin/forms')
export class AdminFormsController {
  constructor(private readonly forms: FormsService) {}

  @Get()
  async list(@Req() req: FastifyRequest) {
    requireRole(req, 'manager', 'admin');
    return { items: await this.forms.list() };
  }

  @Get(':slug')
  get(@Req() req: FastifyRequest, @Param('slug') slug: string) {
    requireRole(req, 'manager', 'admin');
    return answered(req, () => this.forms.get(slug));
  }

  @Post()
  @HttpCode(201)
  create(@Req() req: FastifyRequest, @Body() body: unknown) {
    const account = requireRole(req, 'admin');
    return answered(req, () => this.forms.create(body, { account, ip: clientOf(req).ip }));
  }

  /**
   * The editor's live preview: the unsaved definition's page as a visitor
   * sees it (`?lang=zh|en`), drawn by the gateway's renderer, as `{html}`
   * for a sandboxed iframe. Nothing is stored; a bad question is a 400 by
   * its JSON path, as on saving.
   */
  @Post('preview')
  @HttpCode(200)
  preview(@Req() req: FastifyRequest, @Body() body: unknown, @Query('lang') lang: unknown) {
    requireRole(req, 'manager', 'admin');
    return answered(req, async () => {
      const l = pageLang(lang);
      const input = previewInput(body, l);
      if (!input.ok) throw new FormDefinitionInvalid(input.errors);
      return { html: renderFormPreview(input, l) };
    });
  }

  @Patch(':slug')
  update(@Req() req: FastifyRequest, @Param('slug') slug: string, @Body() body: unknown) {
    const account = requireRole(req, 'admin');
    return answered(req, () => this.forms.update(slug, body, { account, ip: clientOf(req).ip }));
  }
}
