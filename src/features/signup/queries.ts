import { type SQL, and, count, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { AuthUser } from "../../auth/principal";
import { eventVisibleTo } from "../../auth/visibility";
import type { Database } from "../../db/client";
import { type RowVersion, runGuarded } from "../../db/guard";
import { CONFIRMED, GETTING_DISPATCHED } from "../../db/participation-states";
import { idList, outer } from "../../db/sql";
import { events, federatedUsers, participations, shifts, users } from "../../db/schema";
import { toBuildingBlocks } from "../buildingblocks/queries";
import { sameParticipant, shiftColumns, statsInputQueries } from "../shifts/queries";
import { statsInputs } from "../shifts/serialize";
import { type SignupShift, type Situation, shiftTitle } from "./checkers";

/**
 * Who takes part: a user of this instance, or a user of a guest instance (federation). Both get
 * one participation per shift (unique indexes on the table).
 */
export type Participant = { kind: "local"; userId: number } | { kind: "federated"; federatedUserId: number };

/** Condition on a participations table (or alias) selecting the participant's rows. */
function isParticipant(participant: Participant, table: string = "participations"): SQL {
  const t = sql.identifier(table);
  return participant.kind === "local"
    ? sql`(${t}.kind = 'local' AND ${t}.user_id = ${participant.userId})`
    : sql`(${t}.kind = 'federated' AND ${t}.federated_user_id = ${participant.federatedUserId})`;
}

const leader = alias(shifts, "leader_shift");
const otherShift = alias(shifts, "other_shift");
const otherEvent = alias(events, "other_event");

function shiftQuery(db: Database, shiftId: number) {
  return db
    .select({
      ...shiftColumns,
      eventActive: events.active,
      // Named apart: the leader's columns have the shift's names.
      leaderLabel: sql<string | null>`${leader.label}`.as("leader_label"),
      leaderStart: sql<number | null>`${leader.startTime}`.as("leader_start"),
      leaderEnd: sql<number | null>`${leader.endTime}`.as("leader_end"),
    })
    .from(shifts)
    .innerJoin(events, eq(events.id, shifts.eventId))
    // A coupled shift's leader: another, non-coupled shift of the same event.
    .leftJoin(
      leader,
      sql`${shifts.signupFlowSlug} = 'coupled' AND ${leader.id} = json_extract(${shifts.signupFlowConfiguration}, '$.leader_shift_id')
        AND ${leader.id} <> ${shifts.id} AND ${leader.eventId} = ${shifts.eventId} AND ${leader.signupFlowSlug} <> 'coupled'`,
    )
    .where(eq(shifts.id, shiftId));
}

type ShiftQueryRow = Awaited<ReturnType<typeof shiftQuery>>[number];

function toSignupShift(row: ShiftQueryRow): SignupShift {
  const { leaderLabel, leaderStart, leaderEnd, ...shift } = row;
  const leader = leaderStart !== null && leaderEnd !== null ? { label: leaderLabel ?? "", eventTitle: row.eventTitle, startTime: leaderStart, endTime: leaderEnd } : null;
  return { ...shift, leader };
}

/** One shift as the flow rules see it (null: no such shift). */
export async function loadShift(db: Database, shiftId: number): Promise<SignupShift | null> {
  const [row] = await shiftQuery(db, shiftId);
  return row ? toSignupShift(row) : null;
}

function ownQuery(db: Database, shiftId: number, participant: Participant) {
  return db
    .select({ id: participations.id, state: participations.state, individualStartTime: participations.individualStartTime, individualEndTime: participations.individualEndTime })
    .from(participations)
    .where(and(eq(participations.shiftId, shiftId), isParticipant(participant)));
}

/** Birth date and qualifications (local: unexpired grants; federated: the stored set). */
function participantQuery(db: Database, participant: Participant, now: number) {
  if (participant.kind === "local") {
    return db
      .select({
        dateOfBirth: users.dateOfBirth,
        qualificationIds: sql<string | null>`(SELECT group_concat(g.qualification_id) FROM qualification_grants g
          WHERE g.user_id = ${outer(users.id)} AND (g.expires IS NULL OR g.expires >= ${now}))`.as("qualification_ids"),
      })
      .from(users)
      .where(eq(users.id, participant.userId));
  }
  return db
    .select({
      dateOfBirth: federatedUsers.dateOfBirth,
      qualificationIds: sql<string | null>`(SELECT group_concat(q.qualification_id) FROM federated_user_qualifications q
        WHERE q.federated_user_id = ${outer(federatedUsers.id)})`.as("qualification_ids"),
    })
    .from(federatedUsers)
    .where(eq(federatedUsers.id, participant.federatedUserId));
}

/** Individual times a participant asks for, where given. */
type AskedSpan = { start?: number; end?: number };

/**
 * The participant's CONFIRMED participations in other shifts that could overlap this one: those
 * meeting the span from the earliest to the latest of the shift's, the own row's and the asked-for
 * times (the checker decides the exact rule).
 */
function confirmedAroundQuery(db: Database, shiftId: number, participant: Participant, asked: AskedSpan) {
  const ownStart = sql`(SELECT o.individual_start_time FROM participations o WHERE o.shift_id = ${shiftId} AND ${isParticipant(participant, "o")})`;
  const ownEnd = sql`(SELECT o.individual_end_time FROM participations o WHERE o.shift_id = ${shiftId} AND ${isParticipant(participant, "o")})`;
  const here = sql`(SELECT s.start_time FROM shifts s WHERE s.id = ${shiftId})`;
  const hereEnd = sql`(SELECT s.end_time FROM shifts s WHERE s.id = ${shiftId})`;
  const earliest = sql`min(${here}, coalesce(${ownStart}, ${here}), coalesce(${asked.start ?? null}, ${here}))`;
  const latest = sql`max(${hereEnd}, coalesce(${ownEnd}, ${hereEnd}), coalesce(${asked.end ?? null}, ${hereEnd}))`;
  const start = sql<number>`coalesce(${participations.individualStartTime}, ${otherShift.startTime})`;
  const end = sql<number>`coalesce(${participations.individualEndTime}, ${otherShift.endTime})`;
  return db
    .select({
      startTime: start.as("effective_start"),
      endTime: end.as("effective_end"),
      label: sql<string>`${otherShift.label}`.as("other_label"),
      eventTitle: sql<string>`${otherEvent.title}`.as("other_event_title"),
      shiftStart: sql<number>`${otherShift.startTime}`.as("other_start"),
      shiftEnd: sql<number>`${otherShift.endTime}`.as("other_end"),
    })
    .from(participations)
    .innerJoin(otherShift, eq(otherShift.id, participations.shiftId))
    .innerJoin(otherEvent, eq(otherEvent.id, otherShift.eventId))
    .where(and(isParticipant(participant), eq(participations.state, CONFIRMED), sql`${participations.shiftId} <> ${shiftId}`, sql`${end} > ${earliest}`, sql`${start} < ${latest}`))
    .orderBy(otherShift.startTime, otherShift.id);
}

type SituationInput = { shiftId: number; participant: Participant; now: number; timeZone: string; asked: AskedSpan };

/** The statements `situationFrom` reads, for one batch. */
function situationQueries(db: Database, input: SituationInput) {
  const { shiftId, participant, now } = input;
  return [
    shiftQuery(db, shiftId),
    ownQuery(db, shiftId, participant),
    participantQuery(db, participant, now),
    confirmedAroundQuery(db, shiftId, participant, input.asked),
    db.select({ participantConfirmed: count() }).from(participations).where(and(isParticipant(participant), eq(participations.state, CONFIRMED))),
    ...statsInputQueries(db, idList([shiftId]), now),
  ] as const;
}

const runSituationQueries = (db: Database, input: SituationInput) => db.batch(situationQueries(db, input));
type SituationRows = Awaited<ReturnType<typeof runSituationQueries>>;

/**
 * Everything the checkers need about one shift and participant, in one batch; null when the
 * shift or the participant does not exist.
 */
export async function loadSituation(db: Database, input: SituationInput) {
  return situationFrom(input, await runSituationQueries(db, input));
}

/** `loadSituation` for several shifts, in one batch whatever their number. */
export async function loadSituations(db: Database, inputs: SituationInput[]) {
  if (!inputs.length) return [];
  const statements = inputs.flatMap((input) => [...situationQueries(db, input)]);
  // Drizzle types a batch by its literal tuple; this one's length depends on the input.
  const results: readonly unknown[] = await db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
  const size = results.length / inputs.length;
  return inputs.map((input, i) => situationFrom(input, results.slice(i * size, (i + 1) * size) as unknown as SituationRows));
}

function situationFrom(input: SituationInput, rows: SituationRows): { situation: Situation; participantConfirmed: number } | null {
  const { shiftId, now, timeZone } = input;
  const [shiftRows, ownRows, participantRows, around, [{ participantConfirmed }], ...stats] = rows;
  const [row] = shiftRows;
  const [person] = participantRows;
  if (!row || !person) return null;
  const [positiveRows, includes, blockRows] = stats;
  const shift = toSignupShift(row);
  const inputs = statsInputs(positiveRows, includes, toBuildingBlocks(blockRows));
  const situation: Situation = {
    now,
    timeZone,
    shift,
    participant: { dateOfBirth: person.dateOfBirth, qualificationIds: person.qualificationIds ? person.qualificationIds.split(",").map(Number) : [] },
    own: ownRows[0] ?? null,
    positive: inputs.participationsOf(shiftId),
    stats: inputs.context,
    confirmedElsewhere: around.map((other) => ({
      startTime: other.startTime,
      endTime: other.endTime,
      title: shiftTitle({ eventTitle: other.eventTitle, label: other.label, startTime: other.shiftStart, endTime: other.shiftEnd }, timeZone),
    })),
  };
  return { situation, participantConfirmed };
}

// ---------------------------------------------------------------------------------------------
// Writing. D1 has no transactions across requests, so every write states what its decision was
// based on (a guard) and happens, in one statement, only while that still holds.

/** Guard: the participant's row in the shift still has this state (null: there is none). */
export const ownStateIs = (shiftId: number, participant: Participant, state: number | null) =>
  sql`(SELECT g.state FROM participations g WHERE g.shift_id = ${shiftId} AND ${isParticipant(participant, "g")}) IS ${state}`;

const confirmedInShift = (shiftId: number) => sql`(SELECT count(*) FROM participations g WHERE g.shift_id = ${shiftId} AND g.state = ${CONFIRMED})`;

/** Guard: a place is still free (the capacity decided in the writing statement itself). */
export const confirmedBelow = (shiftId: number, max: number) => sql`${confirmedInShift(shiftId)} < ${max}`;

/** Guard: the shift's CONFIRMED participations are as many as when the checkers ran. */
export const confirmedCountIs = (shiftId: number, confirmed: number) => sql`${confirmedInShift(shiftId)} = ${confirmed}`;

/** Guard: the participant has as many CONFIRMED participations (anywhere) as when checked for overlaps. */
export const participantConfirmedIs = (participant: Participant, confirmed: number) =>
  sql`(SELECT count(*) FROM participations g WHERE ${isParticipant(participant, "g")} AND g.state = ${CONFIRMED}) = ${confirmed}`;

/** The conflict target of the participant's unique index (one row per participant and shift). */
const conflictTarget = (participant: Participant) =>
  participant.kind === "local" ? sql`(shift_id, user_id) WHERE user_id IS NOT NULL` : sql`(shift_id, federated_user_id) WHERE federated_user_id IS NOT NULL`;

/** The leader row whose new state is mirrored: the participant's one row, or a row by id (a placeholder is its row and name). */
type MirroredRow = { participant: Participant } | { participationId: number };

/**
 * Mirrors the new state of a participation in a leader shift to the shifts coupled to it, for
 * every kind of participant as ephios does: in each, the same participant's participation (see
 * `sameParticipant`; a placeholder by its name) takes that state, or one is added where there is
 * none. GETTING_DISPATCHED is not mirrored. Only when the leader row holds `state`, so after a
 * write refused by its guard this changes nothing.
 */
export function mirrorToCoupledShifts(leaderShiftId: number, row: MirroredRow, state: number): SQL[] {
  const which = "participant" in row ? isParticipant(row.participant, "p") : sql`p.id = ${row.participationId}`;
  const leaderRow = sql`p.shift_id = ${leaderShiftId} AND ${which} AND p.state = ${state} AND p.state <> ${GETTING_DISPATCHED}`;
  const followers = sql`SELECT f.id FROM shifts l
      JOIN shifts f ON f.event_id = l.event_id AND f.id <> l.id AND f.signup_flow_slug = 'coupled'
        AND json_extract(f.signup_flow_configuration, '$.leader_shift_id') = l.id
    WHERE l.id = ${leaderShiftId} AND l.signup_flow_slug <> 'coupled'`;
  return [
    sql`UPDATE participations AS c SET state = ${state}
      WHERE c.shift_id IN (${followers}) AND c.state <> ${state}
        AND EXISTS (SELECT 1 FROM participations p WHERE ${leaderRow} AND ${sameParticipant("p", "c")})`,
    sql`INSERT INTO participations (shift_id, kind, user_id, display_name, federated_user_id, state, structure_data, finished)
      SELECT f.id, p.kind, p.user_id, p.display_name, p.federated_user_id, p.state, '{}', 0
      FROM participations p, (${followers}) f
      WHERE ${leaderRow} AND NOT EXISTS (SELECT 1 FROM participations c WHERE c.shift_id = f.id AND ${sameParticipant("p", "c")})
      ORDER BY f.id`,
  ];
}

interface ParticipationWrite {
  shiftId: number;
  participant: Participant;
  state: number;
  /** The individual times to store (null: the shift's). */
  individualStartTime: number | null;
  individualEndTime: number | null;
  /** Must still hold, else nothing at all is written. */
  guard: SQL;
  /** Keys set in `structure_data` (the others stay). */
  structureData: Record<string, string>;
  comment?: { text: string; visibleFor: number; createdAt: number };
  /** The client's `If-Match`: the participation must still be at this version, else 412. */
  precondition?: RowVersion | null;
}

/**
 * Creates or updates the participant's one row in the shift, with its comment and the coupled
 * shifts' mirror, in one transaction. Returns the participation id, or null when the guard failed.
 */
export async function writeParticipation(db: Database, write: ParticipationWrite): Promise<number | null> {
  const { shiftId, participant } = write;
  const identity = participant.kind === "local" ? sql`'local', ${participant.userId}, NULL` : sql`'federated', NULL, ${participant.federatedUserId}`;
  const comment = write.comment;
  const [upserted] = await runGuarded(db, write.precondition ?? null, [
    sql`INSERT INTO participations (shift_id, kind, user_id, federated_user_id, state, structure_data, individual_start_time, individual_end_time, finished)
      SELECT ${shiftId}, ${identity}, ${write.state}, ${JSON.stringify(write.structureData)}, ${write.individualStartTime}, ${write.individualEndTime}, 0 WHERE ${write.guard}
      ON CONFLICT ${conflictTarget(participant)} DO UPDATE SET state = excluded.state,
        structure_data = json_patch(participations.structure_data, excluded.structure_data),
        individual_start_time = excluded.individual_start_time, individual_end_time = excluded.individual_end_time
      RETURNING id`,
    // changes() is the upsert's: the comment is only added when it happened.
    ...(comment
      ? [
          sql`INSERT INTO participation_comments (participation_id, authored_by_responsible_id, created_at, visible_for, text)
            SELECT p.id, NULL, ${comment.createdAt}, ${comment.visibleFor}, ${comment.text} FROM participations p
            WHERE p.shift_id = ${shiftId} AND ${isParticipant(participant, "p")} AND changes() = 1`,
        ]
      : []),
    ...mirrorToCoupledShifts(shiftId, { participant }, write.state),
  ]);
  const [row] = upserted.results as { id: number }[];
  return row?.id ?? null;
}

/** Whether `user` may see the shift (its event active, with view_event, object or global): else the sign-up routes answer 404. */
export async function shiftVisibleTo(db: Database, user: AuthUser, shiftId: number): Promise<boolean> {
  const rows = await db
    .select({ id: shifts.id })
    .from(shifts)
    .where(and(eq(shifts.id, shiftId), eventVisibleTo(user, { acceptGlobal: true, eventId: shifts.eventId })));
  return rows.length > 0;
}
