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

class InstrumentedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    private readonly sql: string,
    private readonly db: D1Database | D1DatabaseSession,
    private readonly usage: D1Usage,
    private readonly params: unknown[] = [],
  ) {}

  bind(...values: unknown[]): InstrumentedStatement {
    return new InstrumentedStatement(this.inner.bind(...values), this.sql, this.db, this.usage, values);
  }

  async all<T>(): Promise<D1Result<T>> {
    return this.measure(() => this.inner.all<T>());
  }

  async run<T>(): Promise<D1Result<T>> {
    return this.measure(() => this.inner.run<T>());
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
    const { results } = await this.measure(() => this.withUniqueColumns().run<Record<string, unknown>>());
    const rows = results.map((row) => Object.values(row));
    if (options?.columnNames) return [Object.keys(results[0] ?? {}), ...rows] as T[];
    return rows as T[];
  }

  /**
   * The statement to send when rows are read as objects but used as arrays (raw(), and Drizzle's
   * batch, which maps D1's objects back to arrays).
   */
  withUniqueColumns(): D1PreparedStatement {
    return /^\s*select\b/i.test(this.sql) ? this.db.prepare(`SELECT * FROM (${this.sql})`).bind(...this.params) : this.inner;
  }

  private async measure<R extends D1Result<unknown>>(send: () => Promise<R>): Promise<R> {
    const started = performance.now();
    const result = await send();
    record(this.usage, started, [result.meta], 1);
    return result;
  }
}

/**
 * Wraps a D1 database or a D1 Sessions API handle (read replicas). Drizzle takes it as a database:
 * it only uses prepare() and batch(), which both offer.
 */
export function instrumentD1(db: D1Database | D1DatabaseSession, usage: D1Usage): D1Database {
  const wrapper = {
    prepare: (query: string) => new InstrumentedStatement(db.prepare(query), query, db, usage),
    async batch<T>(statements: InstrumentedStatement[]): Promise<D1Result<T>[]> {
      const started = performance.now();
      const results = await db.batch<T>(statements.map((statement) => statement.withUniqueColumns()));
      record(usage, started, results.map((r) => r.meta), statements.length);
      return results;
    },
  };
  return wrapper as unknown as D1Database;
}
