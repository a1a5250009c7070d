import { BadRequestException, Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { accountOf } from './access';
import { parseContactAttempt } from './contact-input';
import { LeadContactsService } from './lead-contacts.service';

/** POST /admin/leads/:id/contacts: 已接通 / 未接通 / 号码错误 / 已发消息, with an optional note. */
@Controller('admin/leads')
export class LeadContactsController {
  constructor(private readonly contacts: LeadContactsService) {}

  @Post(':id/contacts')
  @HttpCode(201)
  async record(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown, @Req() req: FastifyRequest) {
    const parsed = parseContactAttempt(body);
    if (!parsed.ok) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: parsed.errors.map((e) => e.message).join('; '),
        errors: parsed.errors,
      });
    }
    return this.contacts.record(id, parsed.value, accountOf(req));
  }
}
