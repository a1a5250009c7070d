import type { WorkerConfig } from '@app/config';
import { NotificationLedger } from '../../apps/worker/src/notify/notification-ledger.service';
import { RecordedMailer } from '../../apps/worker/src/notify/recorded-mailer.service';
import { fakeLogger } from './logger.fake';
import { FakeMailTransport } from './mail-transport.fake';
import { InMemoryNotifications } from './notifications.fake';
import { workerConfig } from './worker-config';

export interface LedgerRig {
  /** The ledger's rows. */
  notifications: InMemoryNotifications;
  /** Every email accepted. */
  mail: FakeMailTransport;
  /** The real ledger over the rows. */
  ledger: NotificationLedger;
  /** The real recorded mailer over the ledger and the fake transport. */
  mailer: RecordedMailer;
  config: WorkerConfig;
}

/**
 * The real NotificationLedger and RecordedMailer over in-memory rows and a
 * fake transport: what the services that send email stand on, with nothing
 * faked that decides anything.
 */
export function ledgerRig(config: WorkerConfig = workerConfig()): LedgerRig {
  const notifications = new InMemoryNotifications();
  const mail = new FakeMailTransport();
  const ledger = new NotificationLedger(notifications.asRepository(), config, fakeLogger());
  const mailer = new RecordedMailer(ledger, mail.asTransport(), fakeLogger());
  return { notifications, mail, ledger, mailer, config };
}
