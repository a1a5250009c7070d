import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { MetricsModule } from '../metrics/metrics.module';
import { AlertDigestService } from './alert-digest.service';
import { AutoresponseService } from './autoresponse.service';
import { LeadAlertService } from './lead-alert.service';
import { LeadNotifyProcessor } from './lead-notify.processor';
import { MailTransport } from './mail-transport.service';
import { NotificationLedger } from './notification-ledger.service';
import { RecordedMailer } from './recorded-mailer.service';

/**
 * Notifications: the delivery ledger, mail, the new-lead alert (with its
 * flood digest and resends), the visitor's confirmation, and the consumer of
 * the notify queue.
 */
@Module({
  imports: [LeadsModule, MetricsModule],
  providers: [
    NotificationLedger,
    RecordedMailer,
    MailTransport,
    LeadAlertService,
    AlertDigestService,
    AutoresponseService,
    LeadNotifyProcessor,
  ],
  exports: [NotificationLedger, RecordedMailer, MailTransport, LeadAlertService, AutoresponseService],
})
export class NotifyModule {}
