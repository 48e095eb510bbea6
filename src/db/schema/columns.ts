import { integer, text } from "drizzle-orm/sqlite-core";

/** Instants are stored as integer milliseconds since the Unix epoch (UTC). */
export const instant = (name: string) => integer(name);

/** Booleans are SQLite integers 0/1. */
export const flag = (name: string) => integer(name, { mode: "boolean" });

/** Opaque JSON objects, stored as text and returned as stored. */
export const json = <T = Record<string, unknown>>(name: string) => text(name, { mode: "json" }).$type<T>();
