import { BadRequestException, Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { normalizePhone } from '@app/contracts';
import { accountOf, readerOf } from './access';
import { AdminLeadsService } from './admin-leads.service';
import { parseFilterText } from './query-input';

/**
 * GET /admin/customers?phone=|email=: a contact's leads within
 * RETURNING_CUSTOMER_DAYS, newest first, each with its owner and outcome.
 */
@Controller('admin/customers')
export class AdminCustomersController {
  constructor(private readonly leads: AdminLeadsService) {}

  @Get()
  async find(@Query('phone') phone: unknown, @Query('email') email: unknown, @Req() req: FastifyRequest) {
    const p = typeof phone === 'string' && phone.trim() ? normalizePhone(phone) : null;
    const e = parseFilterText(typeof email === 'string' ? email.trim() : email, 'email', 254)?.toLowerCase() ?? null;
    if (!p && !e) throw new BadRequestException('give phone or email (a phone must be a valid number)');
    const leads = await this.leads.customer({ phone: p, email: e }, readerOf(accountOf(req)));
    return { phone: p, email: e, returning: leads.length > 1, leads };
  }
}
