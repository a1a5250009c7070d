import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, WorkerConfig } from '@app/config';
import { ensureDatabase, migrateWithLock } from './database-bootstrap';
import { DatabaseProbe } from './database-probe.service';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { NotificationKinds1764100000000 } from './migrations/1764100000000-notification-kinds';
import { TaskHistoryAndErasures1764200000000 } from './migrations/1764200000000-task-history-and-erasures';
import { NotificationDestinations1764300000000 } from './migrations/1764300000000-notification-destinations';
import { StaffAccounts1764400000000 } from './migrations/1764400000000-staff-accounts';
import { StoreLeadFunction1764500000000 } from './migrations/1764500000000-store-lead-function';
import { StoreLeadContactLookup1764600000000 } from './migrations/1764600000000-store-lead-contact-lookup';
import { LowercaseStaffLogins1764650000000 } from './migrations/1764650000000-lowercase-staff-logins';
import { DeadLetters1764660000000 } from './migrations/1764660000000-dead-letters';
import { SpeedToLead1764690000000 } from './migrations/1764690000000-speed-to-lead';
import { TaskDoneIndex1764700000000 } from './migrations/1764700000000-task-done-index';
import { Reroute1764750000000 } from './migrations/1764750000000-reroute';
import { Forms1764800000000 } from './migrations/1764800000000-forms';
import { LinkSecret1764950000000 } from './migrations/1764950000000-link-secret';
import { SpamQuarantine1764900000000 } from './migrations/1764900000000-spam-quarantine';
import { QuarantinedIndex1764910000000 } from './migrations/1764910000000-quarantined-index';
import { LeadSearch1765000000000 } from './migrations/1765000000000-lead-search';
import { Teams1765200000000 } from './migrations/1765200000000-teams';
import { UnerasedLeadsIndex1765300000000 } from './migrations/1765300000000-unerased-leads-index';
import { SpamPhrases1765300000001 } from './migrations/1765300000001-spam-phrases';
import { ReroutedEventsIndex1765400000000 } from './migrations/1765400000000-rerouted-events-index';
import { ReportRollup1765500000000 } from './migrations/1765500000000-report-rollup';
import { LateLeadsIndex1765500000001 } from './migrations/1765500000001-late-leads-index';
import { StoreLeadContactHistory1765510000000 } from './migrations/1765510000000-store-lead-contact-history';
import { TextBigramsByWord1765510000001 } from './migrations/1765510000001-text-bigrams-by-word';
import { TaskForm1765530000000 } from './migrations/1765530000000-task-form';
import { TaskFormIndex1765530000001 } from './migrations/1765530000001-task-form-index';
import { SpamConfirmed1765540000000 } from './migrations/1765540000000-spam-confirmed';
import { SpamWaitingIndex1765540000001 } from './migrations/1765540000001-spam-waiting-index';
import { SalesSearchIndexes1765560000000 } from './migrations/1765560000000-sales-search-indexes';
import { LeadOwnerFunction1765580000000 } from './migrations/1765580000000-lead-owner-function';

export const MIGRATIONS = [
  InitialSchema1764000000000,
  NotificationKinds1764100000000,
  TaskHistoryAndErasures1764200000000,
  NotificationDestinations1764300000000,
  StaffAccounts1764400000000,
  StoreLeadFunction1764500000000,
  StoreLeadContactLookup1764600000000,
  LowercaseStaffLogins1764650000000,
  DeadLetters1764660000000,
  SpeedToLead1764690000000,
  TaskDoneIndex1764700000000,
  Reroute1764750000000,
  Forms1764800000000,
  SpamQuarantine1764900000000,
  QuarantinedIndex1764910000000,
  LinkSecret1764950000000,
  LeadSearch1765000000000,
  Teams1765200000000,
  UnerasedLeadsIndex1765300000000,
  SpamPhrases1765300000001,
  ReroutedEventsIndex1765400000000,
  ReportRollup1765500000000,
  LateLeadsIndex1765500000001,
  StoreLeadContactHistory1765510000000,
  TextBigramsByWord1765510000001,
  TaskForm1765530000000,
  TaskFormIndex1765530000001,
  SpamConfirmed1765540000000,
  SpamWaitingIndex1765540000001,
  SalesSearchIndexes1765560000000,
  LeadOwnerFunction1765580000000,
];

/**
 * Postgres, ready before any job runs: the database is created if allowed,
 * and migrations are applied under a lock (never `synchronize`). Through
 * PgBouncer in transaction mode the app itself keeps no session state (no
 * SET, no named prepared statements, no session advisory lock); creating the
 * database, the migrations and their session lock then use
 * DATABASE_MIGRATION_URL, a direct connection.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: WorkerConfig): Promise<DataSourceOptions> => {
        const direct = config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL;
        if (config.DATABASE_CREATE) await ensureDatabase(direct);
        return {
          type: 'postgres',
          url: config.DATABASE_URL,
          // No entities: every statement is hand-written SQL in data/ (see data/db.ts).
          entities: [],
          migrations: MIGRATIONS,
          migrationsRun: false,
          synchronize: false,
          extra: { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: 5000, migrationUrl: direct },
        };
      },
      dataSourceFactory: async (options) => {
        const { migrationUrl, ...extra } = (options as { extra: { migrationUrl: string } }).extra;
        const appOptions = { ...options!, extra } as DataSourceOptions;
        const dataSource = await new DataSource(appOptions).initialize();
        if (migrationUrl === (options as { url: string }).url) {
          await migrateWithLock(dataSource, migrationUrl);
          return dataSource;
        }
        const migrator = await new DataSource({
          ...appOptions,
          url: migrationUrl,
          extra: { max: 1 },
        } as DataSourceOptions).initialize();
        try {
          await migrateWithLock(migrator, migrationUrl);
        } finally {
          await migrator.destroy();
        }
        return dataSource;
      },
    }),
  ],
  providers: [DatabaseProbe],
  exports: [TypeOrmModule, DatabaseProbe],
})
export class DatabaseModule {}
