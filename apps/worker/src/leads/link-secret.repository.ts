import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** The generated link secret (`link_secret`, one row), for deployments without LINK_SECRET. */
@Injectable()
export class LinkSecretRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
