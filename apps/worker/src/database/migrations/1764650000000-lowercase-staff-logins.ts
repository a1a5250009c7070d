import { MigrationInterface, QueryRunner } from 'typeorm';

// Accounts whose login has capitals and no other account shares it in
// lower case: those are renamed. Two accounts differing only in case (which
// nothing stopped before) both keep their login: renaming either would take
// the other's, and the login check still finds each by its exact spelling.
const RENAMED = `
SELECT s.login FROM staff s
 WHERE s.login <> lower(s.login)
   AND NOT EXISTS (SELECT 1 FROM staff o WHERE lower(o.login) = lower(s.login) AND o.login <> s.login)`;

/**
 * Logins are case-insensitive (phones capitalise the first letter): stored
 * in lower case from now on, so an account is found by the lower-cased
 * input. Existing capitals are lowered with every task, history entry and
 * session that names them; the audit log stays as it was written. Failed
 * logins are counted per lower-cased login from now on.
 */
export class LowercaseStaffLogins1764650000000 implements MigrationInterface {
  name = 'LowercaseStaffLogins1764650000000';

  async up(q: QueryRunner): Promise<void> {
    // Sessions follow their account's login when it is renamed.
    await q.query(`ALTER TABLE staff_sessions DROP CONSTRAINT staff_sessions_login_fkey`);
    await q.query(
      `ALTER TABLE staff_sessions ADD CONSTRAINT staff_sessions_login_fkey
         FOREIGN KEY (login) REFERENCES staff (login) ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await q.query(`UPDATE follow_up_tasks SET assignee = lower(assignee) WHERE assignee IN (${RENAMED})`);
    await q.query(`UPDATE follow_up_tasks SET updated_by = lower(updated_by) WHERE updated_by IN (${RENAMED})`);
    for (const column of ['actor', 'from_assignee', 'to_assignee']) {
      await q.query(`UPDATE task_events SET ${column} = lower(${column}) WHERE ${column} IN (${RENAMED})`);
    }
    await q.query(`UPDATE staff SET login = lower(login), updated_at = now() WHERE login IN (${RENAMED})`);
    await q.query(`UPDATE login_failures SET login = lower(login) WHERE login <> lower(login)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The old spellings are not kept; only the constraint goes back.
    await q.query(`ALTER TABLE staff_sessions DROP CONSTRAINT staff_sessions_login_fkey`);
    await q.query(
      `ALTER TABLE staff_sessions ADD CONSTRAINT staff_sessions_login_fkey
         FOREIGN KEY (login) REFERENCES staff (login) ON DELETE CASCADE`,
    );
  }
}
