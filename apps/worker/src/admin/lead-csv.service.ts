import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { pipeline, Readable } from 'node:stream';
import { LeadRepository } from '../leads/lead.repository';
import { leadCsvOptions } from './lead-csv-format';
import { parseDateParam } from './query-input';

/** The leads export, streamed: rows go from Postgres to the client a batch at a time. */
@Injectable()
export class LeadCsvService {
  constructor(
    private readonly leads: LeadRepository,
    @InjectPinoLogger(LeadCsvService.name) private readonly logger: PinoLogger,
  ) {}

  /** All leads received in [from, to), oldest first; throws 400 for a bad date before anything is sent. */
  export(fromRaw: unknown, toRaw: unknown): Readable {
    const range = { from: parseDateParam(fromRaw, 'from'), to: parseDateParam(toRaw, 'to') };
    const csv = stringify(leadCsvOptions());
    // An error mid-export cuts the response (its status is sent already); the log says why.
    pipeline(Readable.from(this.leads.exportRows(range)), csv, (err) => {
      if (err) this.logger.warn({ err: err.message }, 'lead export cut short');
    });
    return csv;
  }
}
