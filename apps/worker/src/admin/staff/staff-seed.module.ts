import { Module } from '@nestjs/common';
import { DataModule } from '../../data/data.module';
import { SessionStore } from '../auth/session.store';
import { StaffSeeder } from './staff-seeder';

/**
 * The env accounts (ADMIN_USER, STAFF_USERS) seeded at boot, by either
 * role: assignment picks owners from them (consumer) and staff sign in with
 * them (admin), whichever process starts first.
 */
@Module({
  imports: [DataModule],
  providers: [StaffSeeder, SessionStore],
})
export class StaffSeedModule {}
