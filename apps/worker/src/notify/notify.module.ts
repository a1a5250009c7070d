import { Module } from '@nestjs/common';
import { DataModule } from '../data/data.module';
import { MetricsModule } from '../metrics/metrics.module';
import { AlertDigestService } from './alert-digest.service';
import { AssignedNoticeService } from './assigned-notice.service';
import { AutoresponseService } from './autoresponse.service';
import { ChannelAlertService } from './channel-alert.service';
import { ChannelFanout } from './channel-fanout.service';
import { ChannelHealth } from './channel-health.service';
import { ChannelSender } from './channel-sender.service';
import { ChannelsModule } from './channels/channels.module';
import { LeadAlertService } from './lead-alert.service';
import { LeadChannelsProcessor } from './lead-channels.processor';
import { DeadLetterNotices } from './dead-letter-notice.service';
import { HandoverNoticeService } from './handover-notice.service';
import { LeadNotifyProcessor } from './lead-notify.processor';
import { MailTransport } from './mail-transport.service';
import { NotificationLedger } from './notification-ledger.service';
import { RecordedMailer } from './recorded-mailer.service';
import { PersonalLinks } from './personal-links.service';
import { RerouteChatNotices } from './reroute-chat-notice.service';
import { RerouteRobotTargets } from './reroute-robots.service';
import { RobotDigestService } from './robot-digest.service';

/**
 * Notifications: the delivery ledger, mail, the new-lead alert (with its
 * flood digest and resends), the visitor's confirmation, the chat robots and
 * webhooks (one ledger row and job per destination, each robot's digest),
 * and the consumers of the notify and channels queues.
 */
@Module({
  imports: [DataModule, MetricsModule, ChannelsModule],
  providers: [
    NotificationLedger,
    RecordedMailer,
    MailTransport,
    LeadAlertService,
    AlertDigestService,
    AutoresponseService,
    HandoverNoticeService,
    DeadLetterNotices,
    LeadNotifyProcessor,
    ChannelSender,
    ChannelAlertService,
    RobotDigestService,
    ChannelFanout,
    ChannelHealth,
    LeadChannelsProcessor,
    AssignedNoticeService,
    PersonalLinks,
    RerouteChatNotices,
    RerouteRobotTargets,
  ],
  exports: [
    NotificationLedger,
    RecordedMailer,
    MailTransport,
    LeadAlertService,
    AutoresponseService,
    ChannelFanout,
    ChannelHealth,
    DeadLetterNotices,
    ChannelsModule,
    AssignedNoticeService,
    PersonalLinks,
    ChannelSender,
    RerouteRobotTargets,
  ],
})
export class NotifyModule {}
