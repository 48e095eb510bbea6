/**
 * A D1Database wrapper that counts what a request costs: statements sent, rows read and written,
 * and time spent waiting for D1. The figures end up in the Server-Timing header.
 */
export interface D1Usage {
  queries: number;
  /** Calls to D1 (a batch of statements is one): what must not grow with the page size. */
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
  durationMs: number;
}

export const emptyUsage = (): D1Usage => ({ queries: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0, durationMs: 0 });

type Meta = { rows_read?: number; rows_written?: number } | undefined;

function record(usage: D1Usage, started: number, metas: Meta[], statements: number): void {
  usage.durationMs += performance.now() - started;
  usage.queries += statements;
  usage.roundTrips += 1;
  for (const meta of metas) {
    usage.rowsRead += meta?.rows_read ?? 0;
    usage.rowsWritten += meta?.rows_written ?? 0;
  }
}

/** A read to send along with the request's next call to D1, and what must hold of its rows. */
export interface PendingCheck {
  query: string;
  params: unknown[];
  /** Called with the check's rows once its call returns, before the caller sees that call's results. */
  verify: (rows: unknown[]) => void;
}

/**
 * The check a request still owes (src/auth/token-cache.ts: a cached token's principal). The next
 * call to D1, whichever it is, sends it first in the same batch, so it costs no round trip of its
 * own and is decided in the same transaction as the reads that relied on it; `flush` sends it on
 * its own where the request made no call. Until its verdict, the check stays owed: a call started
 * meanwhile waits for it (and fails with it), and a batch that fails as a whole leaves it owed.
 */
export class PendingChecks {
  private pending: PendingCheck | null = null;
  /** The verdict of the check a call is carrying right now. */
  private carried: Promise<void> | null = null;
  private db: D1Database | D1DatabaseSession | null = null;
  private usage: D1Usage = emptyUsage();

  attach(db: D1Database | D1DatabaseSession, usage: D1Usage): void {
    this.db = db;
    this.usage = usage;
  }

  add(check: PendingCheck): void {
    this.pending = check;
  }

  /** Whether a call must go through `send`: a check is owed or on its way. */
  get active(): boolean {
    return this.pending !== null || this.carried !== null;
  }

  /**
   * Sends `statements` with the owed check in front, if any, records the cost, runs the check's
   * verify. Where the statements may write (`reads` false), the check goes first on its own: a
   * write never rides on a principal that is not confirmed yet.
   */
  async send<T>(statements: D1PreparedStatement[], reads: boolean): Promise<D1Result<T>[]> {
    while (this.carried) await this.carried;
    if (this.pending && !reads) await this.flush();
    const check = this.pending;
    if (!check) return this.sendNow<T>(statements);
    this.pending = null;
    let verdict!: { confirmed: () => void; refused: (error: unknown) => void };
    this.carried = new Promise<void>((confirmed, refused) => (verdict = { confirmed, refused }));
    // Only calls that wait for the verdict see a refusal.
    this.carried.catch(() => undefined);
    try {
      let results: D1Result<T>[];
      try {
        results = await this.sendNow<T>([this.db!.prepare(check.query).bind(...check.params), ...statements]);
      } catch (error) {
        // Failed as a whole: nothing was confirmed, the check is still owed.
        this.pending = check;
        verdict.confirmed();
        throw error;
      }
      try {
        check.verify(results[0].results);
      } catch (error) {
        verdict.refused(error);
        throw error;
      }
      verdict.confirmed();
      return results.slice(1);
    } finally {
      this.carried = null;
    }
  }

  /** Sends the owed check on its own, if the request still owes it, and waits for its verdict. */
  async flush(): Promise<void> {
    await this.send([], true);
  }

  private async sendNow<T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    if (!statements.length) return [];
    const started = performance.now();
    const results = await this.db!.batch<T>(statements);
    record(this.usage, started, results.map((r) => r.meta), statements.length);
    return results;
  }
}

class InstrumentedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    private readonly sql: string,
    private readonly db: D1Database | D1DatabaseSession,
    private readonly usage: D1Usage,
    private readonly checks: PendingChecks,
    private readonly params: unknown[] = [],
  ) {}

  bind(...values: unknown[]): InstrumentedStatement {
    return new InstrumentedStatement(this.inner.bind(...values), this.sql, this.db, this.usage, this.checks, values);
  }

  async all<T>(): Promise<D1Result<T>> {
    return this.measure(this.inner, () => this.inner.all<T>());
  }

  async run<T>(): Promise<D1Result<T>> {
    return this.measure(this.inner, () => this.inner.run<T>());
  }

  async first<T>(column?: string): Promise<T | null> {
    const { results } = await this.all<Record<string, unknown>>();
    const row = results[0];
    if (!row) return null;
    return (column === undefined ? row : row[column]) as T;
  }

  /**
   * D1's own raw() reports no meta (so no rows_read), and its object rows keep only the last of
   * two equally named columns. A SELECT is therefore run wrapped in `SELECT * FROM (…)`: SQLite
   * renames duplicates ("id", "id:1") and keeps the column and row order, so the values come back
   * complete and in place. (Drizzle's query builder reads every select through raw() or batch().)
   */
  async raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]> {
    const statement = this.withUniqueColumns();
    const { results } = await this.measure(statement, () => statement.run<Record<string, unknown>>());
    const rows = results.map((row) => Object.values(row));
    if (options?.columnNames) return [Object.keys(results[0] ?? {}), ...rows] as T[];
    return rows as T[];
  }

  /**
   * The statement to send when rows are read as objects but used as arrays (raw(), and Drizzle's
   * batch, which maps D1's objects back to arrays).
   */
  withUniqueColumns(): D1PreparedStatement {
    return this.reads ? this.db.prepare(`SELECT * FROM (${this.sql})`).bind(...this.params) : this.inner;
  }

  /** Whether the statement only reads (a SELECT). */
  get reads(): boolean {
    return /^\s*select\b/i.test(this.sql);
  }

  /** Sends the statement on its own, or in a batch behind an owed check. */
  private async measure<R extends D1Result<unknown>>(statement: D1PreparedStatement, send: () => Promise<R>): Promise<R> {
    if (this.checks.active) return (await this.checks.send([statement], this.reads))[0] as R;
    const started = performance.now();
    const result = await send();
    record(this.usage, started, [result.meta], 1);
    return result;
  }
}

/**
 * Wraps a D1 database or a D1 Sessions API handle (read replicas). Drizzle takes it as a database:
 * it only uses prepare() and batch(), which both offer. `checks` holds what the request's next
 * call must send along (`PendingChecks`).
 */
export function instrumentD1(db: D1Database | D1DatabaseSession, usage: D1Usage, checks = new PendingChecks()): D1Database {
  checks.attach(db, usage);
  const wrapper = {
    prepare: (query: string) => new InstrumentedStatement(db.prepare(query), query, db, usage, checks),
    batch: <T>(statements: InstrumentedStatement[]): Promise<D1Result<T>[]> =>
      checks.send<T>(
        statements.map((statement) => statement.withUniqueColumns()),
        statements.every((statement) => statement.reads),
      ),
  };
  return wrapper as unknown as D1Database;
}
