import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Indexes on the tables that grow with every lead are built CONCURRENTLY:
 * a plain CREATE INDEX holds a lock that stops every insert into the table
 * for as long as the build takes (minutes on years of leads), and intake
 * with it. The migrations from before this rule are allowed as they are.
 */
const BIG_TABLES = ['leads', 'follow_up_tasks', 'notifications', 'task_events'];
const BEFORE_THE_RULE = new Set([
  '1764000000000-initial-schema.ts',
  '1764100000000-notification-kinds.ts',
  '1764200000000-task-history-and-erasures.ts',
  '1764300000000-notification-destinations.ts',
  '1764400000000-staff-accounts.ts',
  '1764500000000-store-lead-function.ts',
]);
const MIGRATIONS_DIR = join(__dirname, 'migrations');

/** Every `CREATE INDEX` on a big table without CONCURRENTLY in the source, as "index on table". */
function plainIndexesOnBigTables(source: string): string[] {
  const found: string[] = [];
  const createIndex =
    /CREATE\s+(?:UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?("?\w+"?\s+)?ON\s+(?:ONLY\s+)?(?:"?public"?\.)?"?(\w+)"?/gi;
  for (const m of source.matchAll(createIndex)) {
    const [, concurrently, name, table] = m;
    if (!concurrently && BIG_TABLES.includes(table.toLowerCase())) found.push(`${(name ?? '(unnamed)').trim()} on ${table}`);
  }
  return found;
}

/** CONCURRENTLY cannot run inside a transaction: such a migration must say `transaction = false`. */
function concurrentInTransaction(source: string): boolean {
  return /\bCONCURRENTLY\b/i.test(source) && !/\btransaction\s*=\s*false\b/.test(source);
}

describe('migrations on the big tables', () => {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts'));

  it('finds the migrations and every allowed one still exists', () => {
    for (const name of BEFORE_THE_RULE) expect(files).toContain(name);
    expect(files.length).toBeGreaterThan(BEFORE_THE_RULE.size);
  });

  it.each(files.filter((f) => !BEFORE_THE_RULE.has(f)))('%s builds its indexes on big tables CONCURRENTLY', (file) => {
    const source = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    expect(plainIndexesOnBigTables(source)).toEqual([]);
    expect(concurrentInTransaction(source)).toBe(false);
  });

  it('the check catches a plain index and passes a concurrent one', () => {
    expect(plainIndexesOnBigTables('await q.query(`CREATE INDEX leads_x_idx ON leads (phone)`)')).toEqual([
      'leads_x_idx on leads',
    ]);
    expect(plainIndexesOnBigTables('CREATE UNIQUE INDEX IF NOT EXISTS t ON public."follow_up_tasks" (a)')).toEqual([
      't on follow_up_tasks',
    ]);
    expect(plainIndexesOnBigTables('create index on notifications (kind)')).toEqual(['(unnamed) on notifications']);
    expect(plainIndexesOnBigTables('CREATE INDEX CONCURRENTLY leads_x_idx ON leads (phone)')).toEqual([]);
    expect(plainIndexesOnBigTables('CREATE INDEX staff_x_idx ON staff (name)')).toEqual([]);
    expect(concurrentInTransaction('CREATE INDEX CONCURRENTLY a ON leads (b)')).toBe(true);
    expect(concurrentInTransaction('transaction = false as const; CREATE INDEX CONCURRENTLY a ON leads (b)')).toBe(false);
  });

  it('the migrations before the rule do hold plain indexes (the allow-list is what lets them pass)', () => {
    const initial = readFileSync(join(MIGRATIONS_DIR, '1764000000000-initial-schema.ts'), 'utf8');
    expect(plainIndexesOnBigTables(initial)).toContain('leads_received_at_idx on leads');
  });
});
