import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { pipeline, Readable } from 'node:stream';
import { BusinessCalendar } from '../data/business-calendar';
import { LeadRepository, type ReceivedRange } from '../data/lead.repository';
import { StaffRepository } from '../data/staff.repository';
import { businessZone, rangeBound } from './business-time';
import { leadCsvOptions, leadCsvRow, type LeadCsvContext } from './lead-csv-format';
import { parseDateParam } from './query-input';

/**
 * A bound of the range: checked first (a 400 naming the field for anything
 * not a real date between 2000 and 2100), then read as the business day for
 * a bare date (a bare `to` includes its whole day).
 */
function parseDate(value: unknown, name: 'from' | 'to', timeZone: string): Date | null {
  if (parseDateParam(value, name) === null) return null;
  return rangeBound(value, timeZone, name === 'to');
}

/** The leads export, streamed: rows go from Postgres to the client a batch at a time. */
@Injectable()
export class LeadCsvService {
  constructor(
    private readonly leads: LeadRepository,
    private readonly staff: StaffRepository,
    private readonly calendar: BusinessCalendar,
    @InjectPinoLogger(LeadCsvService.name) private readonly logger: PinoLogger,
  ) {}

  /**
   * All leads received in [from, to), oldest first, in words a person
   * reads (Chinese, the business's time zone, owners by name); throws 400
   * for a bad date before anything is sent.
   */
  export(fromRaw: unknown, toRaw: unknown): Readable {
    const timeZone = businessZone(this.calendar);
    const range = { from: parseDate(fromRaw, 'from', timeZone), to: parseDate(toRaw, 'to', timeZone) };
    const ctx: LeadCsvContext = { lang: 'zh', timeZone, names: new Map() };
    const csv = stringify(leadCsvOptions(ctx));
    // An error mid-export cuts the response (its status is sent already); the log says why.
    pipeline(Readable.from(this.rows(range, ctx)), csv, (err) => {
      if (err) this.logger.warn({ err: err.message }, 'lead export cut short');
    });
    return csv;
  }

  private async *rows(range: ReceivedRange, ctx: LeadCsvContext) {
    const names = new Map((await this.staff.list()).map((p) => [p.login, p.displayName]));
    const named = { ...ctx, names };
    for await (const row of this.leads.exportRows(range)) yield leadCsvRow(row, named);
  }
}
