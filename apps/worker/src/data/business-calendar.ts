import { Provider } from '@nestjs/common';
import { APP_CONFIG, ConfigError, WorkerConfig } from '@app/config';
import { BusinessHours, dueAt, parseBusinessHours } from './business-hours';

/** When a new lead's follow-up is due: FOLLOW_UP_SLA_MINUTES of BUSINESS_HOURS. */
export class BusinessCalendar {
  constructor(
    readonly hours: BusinessHours | null,
    private readonly slaMinutes: number,
  ) {}

  /** `slaMinutes`: a form's own SLA instead of FOLLOW_UP_SLA_MINUTES. */
  dueAt(received: Date, slaMinutes: number | null = null): Date {
    return dueAt(received, slaMinutes ?? this.slaMinutes, this.hours);
  }
}

/** Parsed once at boot; a bad BUSINESS_HOURS stops the boot like any other bad setting. */
export const businessCalendarProvider: Provider = {
  provide: BusinessCalendar,
  inject: [APP_CONFIG],
  useFactory: (config: WorkerConfig): BusinessCalendar => {
    let hours: BusinessHours | null;
    try {
      hours = parseBusinessHours(config.BUSINESS_HOURS);
    } catch (err) {
      throw new ConfigError([`BUSINESS_HOURS=${JSON.stringify(config.BUSINESS_HOURS)}: ${(err as Error).message}`]);
    }
    return new BusinessCalendar(hours, config.FOLLOW_UP_SLA_MINUTES);
  },
};
