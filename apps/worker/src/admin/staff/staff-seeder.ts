import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { compare, hash } from 'bcryptjs';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { InjectConfig, WorkerConfig } from '@app/config';
import { StaffRepository } from '../../data/staff.repository';
import { EnvAccount, envAccounts } from '../auth/env-accounts';
import { SessionStore } from '../auth/session.store';

const BCRYPT_COST = 10;

/**
 * ADMIN_USER/ADMIN_PASSWORD and STAFF_USERS at boot: missing accounts are
 * created (admin and sales; the admin account receives no leads), an
 * existing one takes the environment's password when it differs (ending its
 * sessions) and its STAFF_EMAILS address when it has none. Then free-text
 * assignees from before are mapped to the accounts they name.
 */
@Injectable()
export class StaffSeeder implements OnApplicationBootstrap {
  constructor(
    @InjectConfig() private readonly config: WorkerConfig,
    private readonly staff: StaffRepository,
    private readonly sessions: SessionStore,
    @InjectPinoLogger(StaffSeeder.name) private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const account of envAccounts(this.config)) await this.seed(account);
    const adopted = await this.staff.adoptAssigneeTexts();
    if (adopted) this.logger.info({ tasks: adopted }, 'free-text assignees mapped to staff accounts');
  }

  private async seed(a: EnvAccount): Promise<void> {
    // bcrypt costs ~70 ms of CPU per hash or compare at this cost, on every
    // boot: an existing account is only compared, hashed again only when its
    // password changed.
    // Logins are kept in lower case (ADMIN_USER=Admin is the account `admin`).
    const login = a.login.toLowerCase();
    let current = await this.staff.findCredentials(a.login);
    if (!current) {
      const created = await this.staff.seed({
        login,
        displayName: login,
        role: a.role,
        email: a.email,
        mobile: null,
        receivesLeads: a.role === 'sales',
        passwordHash: await passwordHashOf(a),
      });
      if (created) {
        this.logger.info({ login, role: a.role }, 'staff account created from the environment');
        return;
      }
      // Another worker booting at the same time created it: check it like any existing account.
      current = await this.staff.findCredentials(a.login);
      if (!current) return;
    }
    const same = a.hashed ? current.passwordHash === a.secret : await compare(a.secret, current.passwordHash);
    if (!same) {
      await this.staff.update(current.login, { passwordHash: await passwordHashOf(a) });
      await this.sessions.endAllOf(current.login);
      this.logger.info({ login: current.login }, 'staff password updated from the environment');
    }
    if (a.email && !current.email) await this.staff.update(current.login, { email: a.email });
  }
}

function passwordHashOf(a: EnvAccount): Promise<string> {
  return a.hashed ? Promise.resolve(a.secret) : hash(a.secret, BCRYPT_COST);
}
