import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Req,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SpamPhraseList } from '../../intake/spam/spam-phrase-list';
import { SPAM_PHRASES } from '../../intake/spam/spam-phrases';
import { AuditRepository } from '../../data/audit.repository';
import { SpamPhraseRepository } from '../../data/spam-phrase.repository';
import { clientOf, requireRole } from '../access';
import { parsePhrase, PHRASES_MAX } from './spam-phrase-input';

/**
 * The spam phrases admins add to the shipped list: stored in Postgres, read
 * by every worker's scorer within a minute; managers may read them. Every
 * change is in the audit log.
 */
@Controller('admin/spam/phrases')
export class SpamPhrasesController {
  constructor(
    private readonly phrases: SpamPhraseRepository,
    private readonly list: SpamPhraseList,
    private readonly audit: AuditRepository,
  ) {}

  @Get()
  async all(@Req() req: FastifyRequest) {
    requireRole(req, 'manager', 'admin');
    return { phrases: await this.phrases.list(), shipped: SPAM_PHRASES };
  }

  @Post()
  @HttpCode(201)
  async add(@Body() body: unknown, @Req() req: FastifyRequest) {
    const actor = requireRole(req, 'admin');
    const input = parsePhrase(body);
    if ('problem' in input)
      throw new BadRequestException({
        statusCode: 400,
        message: input.problem,
        errors: [{ field: 'phrase', message: input.problem }],
      });
    if ((await this.phrases.count()) >= PHRASES_MAX) throw new ConflictException(`the list holds ${PHRASES_MAX} phrases at most`);
    const added = await this.phrases.add(input.phrase, actor.login);
    if (!added) throw new ConflictException(`"${input.phrase}" is on the list already`);
    this.list.changed();
    await this.audit.record({
      actor: actor.login,
      action: 'spam.phrase-added',
      subject: String(added.id),
      ip: clientOf(req).ip,
      detail: { phrase: added.phrase },
    });
    return added;
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', new ParseIntPipe()) id: number, @Req() req: FastifyRequest): Promise<void> {
    const actor = requireRole(req, 'admin');
    const removed = await this.phrases.remove(id);
    if (!removed) throw new NotFoundException(`no spam phrase ${id}`);
    this.list.changed();
    await this.audit.record({
      actor: actor.login,
      action: 'spam.phrase-removed',
      subject: String(id),
      ip: clientOf(req).ip,
      detail: { phrase: removed.phrase },
    });
  }
}
