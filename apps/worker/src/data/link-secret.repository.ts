import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Db } from './db';

/** The generated link secret (`link_secret`, one row), for deployments without LINK_SECRET. */
@Injectable()
export class LinkSecretRepository {
  constructor(private readonly db: Db) {}

  /**
   * The stored secret, created on first use: whichever worker inserts first
   * wins, and every worker then reads that one.
   */
  async shared(): Promise<string> {
    await this.db.query(`INSERT INTO link_secret (id, secret) VALUES (true, $1) ON CONFLICT (id) DO NOTHING`, [
      randomBytes(32).toString('base64url'),
    ]);
    const [row]: { secret: string }[] = await this.db.query(`SELECT secret FROM link_secret WHERE id`);
    return row.secret;
  }
}
