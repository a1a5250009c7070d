import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withTimeout } from '@app/config';

/** Whether Postgres answers, for /health. */
@Injectable()
export class DatabaseProbe {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async state(timeoutMs: number): Promise<'up' | 'down'> {
    try {
      await withTimeout(this.db.query('SELECT 1'), timeoutMs, 'postgres ping');
      return 'up';
    } catch {
      return 'down';
    }
  }
}
