import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/**
 * The states of a participation (column `participations.state`), as ephios numbers them. The
 * one definition: schemas, SQL, stats and checkers all use these names.
 */
export const REQUESTED = 0;
export const CONFIRMED = 1;
export const USER_DECLINED = 2;
export const RESPONSIBLE_REJECTED = 3;
export const GETTING_DISPATCHED = 4;

export const PARTICIPATION_STATES = [REQUESTED, CONFIRMED, USER_DECLINED, RESPONSIBLE_REJECTED, GETTING_DISPATCHED] as const;

/** ephios's label of each state, indexed by its value. */
export const STATE_LABELS = ["requested", "confirmed", "declined by user", "rejected by responsible", "getting dispatched"] as const;

/** The states that hold a place in a shift (ephios: `Participation.States.REQUESTED_AND_CONFIRMED`). */
export const isPositive = (state: number | undefined) => state === REQUESTED || state === CONFIRMED;

/** SQL: whether `state` holds a place in a shift, as `isPositive`. */
export const positiveState = (state: SQLWrapper): SQL => sql`${state} IN (${sql.raw(`${REQUESTED}, ${CONFIRMED}`)})`;
