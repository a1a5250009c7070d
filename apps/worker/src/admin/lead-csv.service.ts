import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Readable } from 'node:stream';
import { BusinessCalendar } from '../data/business-calendar';
import { type ExportFilter, LeadExportRepository } from '../data/lead-export.repository';
import { StaffRepository } from '../data/staff.repository';
import { businessZone } from './business-time';
import { type LeadCsvQuery, parseExportFilter } from './lead-csv-filter';
import type { LeadCsvContext } from './lead-csv-format';
import { leadCsvStream } from './lead-csv-stream';

/** The leads export, streamed: rows go from Postgres to the client a batch at a time, as fast as the client reads. */
@Injectable()
export class LeadCsvService {
  constructor(
    private readonly exports: LeadExportRepository,
    private readonly staff: StaffRepository,
    private readonly calendar: BusinessCalendar,
    @InjectPinoLogger(LeadCsvService.name) private readonly logger: PinoLogger,
  ) {}

  /** The filter of a query; throws 400 naming the field for a bad one, before anything is sent. */
  filterOf(query: LeadCsvQuery): ExportFilter {
    return parseExportFilter(query, businessZone(this.calendar));
  }

  /**
   * The leads of the filter, oldest first, in words a person reads
   * (Chinese, the business's time zone, owners by name); a form's export
   * adds its questions as columns. 404 for an unknown form.
   */
  async export(filter: ExportFilter): Promise<Readable> {
    const custom = filter.form ? await this.exports.customColumns(filter.form) : [];
    if (custom === null) throw new NotFoundException(`no form ${filter.form}`);
    const names = new Map((await this.staff.list()).map((p) => [p.login, p.displayName]));
    const ctx: LeadCsvContext = { lang: 'zh', timeZone: businessZone(this.calendar), names, custom };
    return leadCsvStream(this.exports, filter, ctx, (err) => this.logger.warn({ err: err.message }, 'lead export cut short'));
  }
}
