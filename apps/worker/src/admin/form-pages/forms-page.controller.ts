import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectConfig, type WorkerConfig } from '@app/config';
import { DEFAULT_FORM, type FormInput } from '@app/contracts';
import { FormCountsRepository } from '../../data/form-counts.repository';
import { TeamRepository } from '../../data/team.repository';
import { FormsService } from '../../forms/forms.service';
import { ChannelHealth } from '../../notify/channel-health.service';
import { requireRole } from '../access';
import { pageLang } from '../staff/staff-pages';
import { scriptJson } from '../shell/page-shell';
import { editorWords, formLinks, sendFormPage } from './form-pages';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** A new form starts from the default form's questions, under no slug yet. */
function blankForm(): FormInput {
  const form: FormInput & { version?: number } = { ...DEFAULT_FORM, slug: '', name: '' };
  delete form.version;
  return form;
}

/**
 * The Forms pages: the list (managers and admins, as GET /admin/forms) and
 * one form's editor. The editor is drawn by form-editor.js from the page's
 * data and saves through the admin API (POST/PATCH /admin/forms), which
 * validates, versions and audits every change; managers get it read-only.
 */
@Controller('admin/board/forms')
export class FormsPageController {
  constructor(
    private readonly forms: FormsService,
    private readonly counts: FormCountsRepository,
    private readonly teams: TeamRepository,
    private readonly channels: ChannelHealth,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  @Get()
  async list(@Req() req: FastifyRequest, @Query('lang') lang: unknown, @Res() reply: FastifyReply) {
    const me = requireRole(req, 'manager', 'admin');
    const [forms, counts] = await Promise.all([this.forms.list(), this.counts.leadsSince(new Date(Date.now() - WEEK_MS))]);
    const items = forms.map((f) => ({ ...f, leads7d: counts.get(f.slug) ?? 0 }));
    const l = pageLang(lang);
    sendFormPage(reply, 200, 'forms', {
      lang: l,
      title: 'formsAdmin.title',
      me,
      path: '/admin/board/forms',
      items,
      canEdit: me.role === 'admin',
      langQuery: l === 'en' ? '?lang=en' : '',
    });
  }

  /** '_new' is no slug (slugs have no underscore), so a form named "new" still opens. */
  @Get('_new')
  async create(@Req() req: FastifyRequest, @Query('lang') lang: unknown, @Res() reply: FastifyReply) {
    requireRole(req, 'admin');
    await this.editor(req, reply, pageLang(lang), null, blankForm());
  }

  @Get(':slug')
  async edit(@Req() req: FastifyRequest, @Param('slug') slug: string, @Query('lang') lang: unknown, @Res() reply: FastifyReply) {
    requireRole(req, 'manager', 'admin');
    const form = await this.forms.get(slug);
    await this.editor(req, reply, pageLang(lang), slug, form);
  }

  private async editor(req: FastifyRequest, reply: FastifyReply, lang: 'zh' | 'en', slug: string | null, form: FormInput) {
    const me = requireRole(req, 'manager', 'admin');
    const [teams, destinations] = await Promise.all([this.teams.list(), this.channels.overview()]);
    const data = {
      lang,
      slug,
      form,
      canEdit: me.role === 'admin',
      teams: teams.map((t) => t.name),
      robots: [...new Set(destinations.map((d) => d.name))],
      words: editorWords(lang),
    };
    sendFormPage(reply, 200, 'form-edit', {
      lang,
      title: 'formsAdmin.title',
      me,
      path: slug ? `/admin/board/forms/${encodeURIComponent(slug)}` : '/admin/board/forms/_new',
      slug,
      formName: form.name,
      links: slug ? formLinks(slug, this.config.PUBLIC_FORM_URL) : null,
      canEdit: data.canEdit,
      langQuery: lang === 'en' ? '?lang=en' : '',
      editorJson: scriptJson(data),
    });
  }
}
