import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { pipeline, Readable } from 'node:stream';
import { ExportFilter, LeadRepository } from '../leads/lead.repository';
import { leadCsvOptions } from './lead-csv-format';
import { FieldError, parseDateParam, parseFilterText } from './query-input';

/** The export's query string as it came. */
export interface LeadCsvQuery {
  from?: unknown;
  to?: unknown;
  form?: unknown;
  owner?: unknown;
}

// forms.slug's CHECK (migration 1764800000000-forms).
const FORM_SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The filter of an export; throws 400 for bad input before anything is sent. */
export function exportFilterOf(query: LeadCsvQuery): ExportFilter {
  const form = parseFilterText(query.form, 'form', 40);
  if (form !== undefined && !FORM_SLUG.test(form)) throw new FieldError('form', 'form must be a form slug');
  return {
    from: parseDateParam(query.from, 'from'),
    to: parseDateParam(query.to, 'to'),
    form: form ?? null,
    owner: parseFilterText(query.owner, 'owner', 100) ?? null,
  };
}

/**
 * The leads export, streamed with backpressure end to end: the socket's
 * 'drain' paces the CSV transform, which paces the row stream, which runs
 * the next batch query only when asked (one batch of rows in memory, not
 * the result).
 */
@Injectable()
export class LeadCsvService {
  constructor(
    private readonly leads: LeadRepository,
    @InjectPinoLogger(LeadCsvService.name) private readonly logger: PinoLogger,
  ) {}

  export(filter: ExportFilter): Readable {
    const csv = stringify(leadCsvOptions());
    // An error mid-export cuts the response (its status is sent already); the log says why.
    pipeline(Readable.from(this.leads.exportRows(filter)), csv, (err) => {
      if (err) this.logger.warn({ err: err.message }, 'lead export cut short');
    });
    return csv;
  }
}
