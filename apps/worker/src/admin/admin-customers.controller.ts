import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { InjectConfig, WorkerConfig } from '@app/config';
import { normalizePhone } from '@app/contracts';
import { LeadRepository } from '../leads/lead.repository';

/**
 * GET /admin/customers?phone=|email=: a contact's leads within
 * RETURNING_CUSTOMER_DAYS, newest first, each with its owner and outcome.
 */
@Controller('admin/customers')
export class AdminCustomersController {
  constructor(
    private readonly leads: LeadRepository,
    @InjectConfig() private readonly config: WorkerConfig,
  ) {}

  @Get()
  async find(@Query('phone') phone: unknown, @Query('email') email: unknown) {
    const p = typeof phone === 'string' && phone.trim() ? normalizePhone(phone) : null;
    const e = typeof email === 'string' && email.trim() ? email.trim().toLowerCase() : null;
    if (!p && !e) throw new BadRequestException('give phone or email (a phone must be a valid number)');
    const days = this.config.RETURNING_CUSTOMER_DAYS || 36500;
    const leads = await this.leads.customerLeads({ phone: p, email: e }, days);
    return { phone: p, email: e, returning: leads.length > 1, leads };
  }
}
