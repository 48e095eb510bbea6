import { type ColumnsSelection, type SQL, sql } from "drizzle-orm";
import type { SubqueryWithSelection } from "drizzle-orm/sqlite-core";
import type { Database } from "../../db/client";
import type { OrderTerm } from "./ordering";

/** A row's value of one order term, as a page's position carries it. */
export type KeyValue = number | string;

const keyName = (i: number) => `sortKey${i}`;
const keyAlias = (i: number) => `sort_key_${i}`;

/** Columns that select each order term's value, so the last row of a page names its position. */
export function keyColumns(terms: OrderTerm[]): Record<string, SQL.Aliased<KeyValue>> {
  return Object.fromEntries(terms.map((t, i) => [keyName(i), sql<KeyValue>`${t.expr}`.as(keyAlias(i))]));
}

/** The order terms' values of a row selected with `keyColumns`. */
export const keysOf = (row: object, terms: OrderTerm[]): KeyValue[] => terms.map((_, i) => (row as Record<string, KeyValue>)[keyName(i)]);

/** Whether `value` is what `keyColumns` can select: a finite number or a string. */
export const isKeyValue = (value: unknown): value is KeyValue => typeof value === "string" || (typeof value === "number" && Number.isFinite(value));

/**
 * Condition: the row comes after the one whose order values are `keys`. An all-ascending order
 * becomes a row-value comparison, which SQLite answers by seeking in an index of those columns
 * or expressions; a mixed one gets the equivalent expansion (`a > ? OR (a = ? AND …)`), which is
 * exact but may read the rows before the position.
 */
export function afterKeys(terms: OrderTerm[], keys: KeyValue[]): SQL {
  if (terms.every((t) => !t.descending)) {
    // The first term's bound on its own as well: SQLite seeks an index of expressions by it, where
    // it does not by a row value.
    return sql`(${terms[0].expr} >= ${keys[0]} AND (${sql.join(
      terms.map((t) => t.expr),
      sql`, `,
    )}) > (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )}))`;
  }
  let condition: SQL | null = null;
  for (let i = terms.length - 1; i >= 0; i--) {
    const { expr, descending } = terms[i];
    const beyond = descending ? sql`${expr} < ${keys[i]}` : sql`${expr} > ${keys[i]}`;
    condition = condition ? sql`(${beyond} OR (${expr} = ${keys[i]} AND ${condition}))` : sql`(${beyond})`;
  }
  return condition ?? sql`1`;
}

/** The alias under which `pageWithColumns` reads a page's rows. */
const PAGE = "page";

/** A column of the page's rows, by its SQL name, for the subqueries that `pageWithColumns` adds. */
export const pageColumn = (name: string): SQL => sql`${sql.identifier(PAGE)}.${sql.identifier(name)}`;

/** A page's query as `pageWithColumns` takes it: ordered, limited, selecting `keyColumns`. */
export type PageQuery<Selection extends ColumnsSelection> = { as: (alias: typeof PAGE) => SubqueryWithSelection<Selection, typeof PAGE> };

/**
 * A page's query (ordered, limited, selecting `keyColumns`) with columns added for its rows only,
 * in the same statement: correlated subqueries such as a shift's participations or an event's
 * shifts, so a list needs no second round trip for them. Added to the page's own query, SQLite
 * would compute them for every row it sorts; here they are computed for the rows of the page,
 * which keep their order.
 */
export function pageWithColumns<Selection extends ColumnsSelection, Extra extends Record<string, SQL.Aliased>>(
  db: Database,
  page: PageQuery<Selection>,
  terms: OrderTerm[],
  extra: Extra,
) {
  const rows = page.as(PAGE);
  return db
    .select({ ...rows._.selectedFields, ...extra })
    .from(rows)
    .orderBy(...terms.map((t, i) => sql`${pageColumn(keyAlias(i))} ${sql.raw(t.descending ? "DESC" : "ASC")}`));
}
