import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client";
import { PendingChecks, emptyUsage, instrumentD1 } from "../../src/db/instrumented";
import { eventTypes, events } from "../../src/db/schema";
import { emptyDatabase, loadWorld } from "../helpers/db";

beforeEach(async () => {
  await emptyDatabase();
  await loadWorld({
    format: "ephios-fixture/1",
    event_types: [{ id: 7, title: "Service" }],
    events: [
      { id: 1, title: "A", type: 7 },
      { id: 2, title: "B", type: 7 },
    ],
  });
});

function instrumented() {
  const usage = emptyUsage();
  return { usage, db: createDatabase(instrumentD1(env.DB, usage)) };
}

describe("instrumented D1", () => {
  it("keeps equally named columns of a join apart", async () => {
    const { db } = instrumented();
    const rows = await db
      .select({ eventId: events.id, typeId: eventTypes.id, title: events.title, typeTitle: eventTypes.title })
      .from(events)
      .innerJoin(eventTypes, eq(eventTypes.id, events.typeId))
      .orderBy(events.id);
    expect(rows).toEqual([
      { eventId: 1, typeId: 7, title: "A", typeTitle: "Service" },
      { eventId: 2, typeId: 7, title: "B", typeTitle: "Service" },
    ]);
  });

  it("counts statements, rows read and rows written", async () => {
    const { db, usage } = instrumented();
    await db.select().from(events);
    expect(usage.queries).toBe(1);
    expect(usage.rowsRead).toBeGreaterThanOrEqual(2);
    await db.insert(eventTypes).values({ title: "Training" });
    expect(usage.queries).toBe(2);
    expect(usage.rowsWritten).toBeGreaterThanOrEqual(1);
    expect(usage.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("counts every statement of a batch, in one round trip", async () => {
    const { db, usage } = instrumented();
    const [first, second] = await db.batch([db.select().from(events), db.select().from(eventTypes)]);
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect(usage.queries).toBe(2);
  });

  it("supports get, all and run through Drizzle", async () => {
    const { db, usage } = instrumented();
    expect(await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM events`)).toEqual({ n: 2 });
    expect(await db.all(sql`SELECT id FROM events ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }]);
    await db.run(sql`UPDATE events SET title = 'C' WHERE id = 1`);
    expect(usage.queries).toBe(3);
    expect(usage.rowsWritten).toBeGreaterThanOrEqual(1);
  });
});

describe("instrumented D1 in a batch", () => {
  it("keeps equally named columns apart there too", async () => {
    const { db } = instrumented();
    const [rows] = await db.batch([
      db
        .select({ eventId: events.id, typeId: eventTypes.id, title: events.title, typeTitle: eventTypes.title })
        .from(events)
        .innerJoin(eventTypes, eq(eventTypes.id, events.typeId))
        .orderBy(events.id),
    ]);
    expect(rows[0]).toEqual({ eventId: 1, typeId: 7, title: "A", typeTitle: "Service" });
  });
});

describe("a pending check", () => {
  /** The message a write of event 1 through `db` fails with (Drizzle wraps what the driver threw). */
  const failureOfWrite = (db: ReturnType<typeof createDatabase>) =>
    db
      .update(events)
      .set({ title: "Changed" })
      .where(eq(events.id, 1))
      .then(
        () => "written",
        (e: Error) => (e.cause as Error | undefined)?.message ?? e.message,
      );
  /** Event 1's title as stored, read past the instrumented handle. */
  const storedTitle = async () => (await createDatabase(env.DB).select({ title: events.title }).from(events).where(eq(events.id, 1)))[0].title;

  function checked(verify: (rows: unknown[]) => void) {
    const usage = emptyUsage();
    const checks = new PendingChecks();
    const db = createDatabase(instrumentD1(env.DB, usage, checks));
    checks.add({ query: "SELECT count(*) AS n FROM events", params: [], verify });
    return { usage, db, checks };
  }

  it("goes along with the next read, in the same round trip, and only once", async () => {
    const seen: unknown[][] = [];
    const { usage, db } = checked((rows) => seen.push(rows));
    const [first, second] = await db.batch([db.select({ id: events.id }).from(events).orderBy(events.id), db.select({ title: events.title }).from(events).where(eq(events.id, 2))]);
    expect(first).toEqual([{ id: 1 }, { id: 2 }]);
    expect(second).toEqual([{ title: "B" }]);
    await db.select().from(events);
    expect(seen).toEqual([[{ n: 2 }]]);
    expect(usage).toMatchObject({ queries: 4, roundTrips: 2 });
  });

  it("goes first, on its own, before a write: a failed check stops the write", async () => {
    const { usage, db } = checked(() => {
      throw new Error("not confirmed");
    });
    expect(await failureOfWrite(db)).toBe("not confirmed");
    expect(await storedTitle()).toBe("A");
    expect(usage).toMatchObject({ queries: 1, roundTrips: 1 });
  });

  it("stays owed when the batch carrying it fails: the next call carries it, a write waits for it", async () => {
    const seen: unknown[][] = [];
    const { usage, db, checks } = checked((rows) => {
      seen.push(rows);
      throw new Error("not confirmed");
    });
    await expect(db.all(sql`SELECT * FROM no_such_table`)).rejects.toThrow();
    expect(seen).toEqual([]);
    expect(checks.active).toBe(true);
    expect(await failureOfWrite(db)).toBe("not confirmed");
    expect(await storedTitle()).toBe("A");
    expect(seen).toHaveLength(1);
    expect(usage).toMatchObject({ queries: 1, roundTrips: 1 });
  });

  it("makes a call started while it is on its way wait for its verdict, and fail with it", async () => {
    const { db } = checked(() => {
      throw new Error("not confirmed");
    });
    const [read, write] = await Promise.allSettled([db.select().from(events), db.update(events).set({ title: "Concurrent" }).where(eq(events.id, 1))]);
    expect(read.status).toBe("rejected");
    expect(write.status).toBe("rejected");
    expect(await storedTitle()).toBe("A");
  });

  it("is sent on its own by flush where the request made no call", async () => {
    const seen: unknown[][] = [];
    const { usage, checks } = checked((rows) => seen.push(rows));
    await checks.flush();
    await checks.flush();
    expect(seen).toEqual([[{ n: 2 }]]);
    expect(usage).toMatchObject({ queries: 1, roundTrips: 1 });
  });
});
