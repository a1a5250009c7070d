import { Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { LeadSearchRepository } from '../data/lead-search.repository';
import { parseSearchCursor, SEARCH_MAX, SEARCH_MIN, searchCursorOf, searchTermsOf } from '../data/lead-search.query';
import { accountOf, readerOf } from './access';
import { FieldError, hasControlCharacters } from './query-input';

const LIMIT_DEFAULT = 20;
const LIMIT_MAX = 100;

function parseQ(value: unknown) {
  const text = typeof value === 'string' ? value.trim() : '';
  const terms =
    text.length >= SEARCH_MIN && text.length <= SEARCH_MAX && !hasControlCharacters(text) ? searchTermsOf(text) : null;
  if (!terms) {
    throw new FieldError('q', `q must be ${SEARCH_MIN} to ${SEARCH_MAX} characters of text, with a word of two or more`);
  }
  return terms;
}

function parseLimit(value: unknown): number {
  if (value === undefined || value === '') return LIMIT_DEFAULT;
  const n = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= LIMIT_MAX)) throw new FieldError('limit', `limit must be a whole number from 1 to ${LIMIT_MAX}`);
  return n;
}

/**
 * GET /admin/search?q=&cursor=&limit=: live leads whose name, company,
 * email, requirement or phone digits hold the text; the exact phone or
 * email first, then newest first. A salesperson finds their own and
 * unassigned leads only.
 */
@Controller('admin/search')
export class AdminSearchController {
  constructor(private readonly search: LeadSearchRepository) {}

  @Get()
  async find(
    @Query('q') q: unknown,
    @Query('cursor') cursor: unknown,
    @Query('limit') limit: unknown,
    @Req() req: FastifyRequest,
  ) {
    const terms = parseQ(q);
    const size = parseLimit(limit);
    const after =
      cursor === undefined || cursor === '' ? undefined : typeof cursor === 'string' ? parseSearchCursor(cursor) : undefined;
    if (cursor !== undefined && cursor !== '' && !after) {
      throw new FieldError('cursor', 'cursor is not valid: pass the nextCursor of the page before');
    }
    const rows = await this.search.search(terms, readerOf(accountOf(req)), after, size + 1);
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > size && last ? searchCursorOf({ tier: last.tier, id: last.id }) : null,
    };
  }
}
