import { type SQL, sql } from "drizzle-orm";
import type { OrderTerm } from "./ordering";

/** A row's value of one order term, as a page's position carries it. */
export type KeyValue = number | string | null;

const keyName = (i: number) => `sortKey${i}`;

/** Columns that select each order term's value, so the last row of a page names its position. */
export function keyColumns(terms: OrderTerm[]): Record<string, SQL.Aliased<KeyValue>> {
  return Object.fromEntries(terms.map((t, i) => [keyName(i), sql<KeyValue>`${t.expr}`.as(`sort_key_${i}`)]));
}

/** The order terms' values of a row selected with `keyColumns`. */
export const keysOf = (row: object, terms: OrderTerm[]): KeyValue[] => terms.map((_, i) => (row as Record<string, KeyValue>)[keyName(i)] ?? null);

/** Whether `value` is what `keyColumns` can select: a finite number, a string or NULL. */
export const isKeyValue = (value: unknown): value is KeyValue => value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value));

/** The term's value is after `key` (strictly) and equal to it, in PostgreSQL's NULL order (last ascending, first descending). */
function compare(term: OrderTerm, key: KeyValue): { after: SQL; equal: SQL } {
  const x = term.expr;
  if (key === null) return { after: term.descending ? sql`${x} IS NOT NULL` : sql`0`, equal: sql`${x} IS NULL` };
  const beyond = term.descending ? sql`${x} < ${key}` : sql`${x} > ${key}`;
  return { after: term.nullable && !term.descending ? sql`(${beyond} OR ${x} IS NULL)` : beyond, equal: sql`${x} = ${key}` };
}

/**
 * Condition: the row comes after the one whose order values are `keys`. Ascending terms that
 * cannot be NULL become one row-value comparison, which SQLite answers by seeking in an index of
 * those columns; other orders get the equivalent expansion (`a > ? OR (a = ? AND …)`), which is
 * exact but may read the rows before the position.
 */
export function afterKeys(terms: OrderTerm[], keys: KeyValue[]): SQL {
  if (terms.every((t) => !t.descending && !t.nullable) && keys.every((k) => k !== null)) {
    return sql`((${sql.join(
      terms.map((t) => t.expr),
      sql`, `,
    )}) > (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )}))`;
  }
  let condition: SQL | null = null;
  for (let i = terms.length - 1; i >= 0; i--) {
    const { after, equal } = compare(terms[i], keys[i]);
    condition = condition ? sql`(${after} OR (${equal} AND ${condition}))` : sql`(${after})`;
  }
  return condition ?? sql`1`;
}
