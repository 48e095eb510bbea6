import { type SQL, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { qualificationCategories, qualificationGrants, qualifications } from "../../db/schema";

/**
 * Every qualification with its category's UUID and the ids it directly includes (a JSON array),
 * in one statement: the table is small, and the closure of `includes` needs the whole graph anyway.
 */
export function allQualificationsQuery(db: Database) {
  return db
    .select({
      id: qualifications.id,
      uuid: qualifications.uuid,
      title: qualifications.title,
      abbreviation: qualifications.abbreviation,
      categoryUuid: sql<string>`${qualificationCategories.uuid}`.as("category_uuid"),
      includes: sql<string>`(SELECT json_group_array(i.included_id) FROM qualification_includes i WHERE i.qualification_id = ${qualifications.id})`.as("includes"),
    })
    .from(qualifications)
    .innerJoin(qualificationCategories, eq(qualificationCategories.id, qualifications.categoryId))
    .orderBy(qualifications.id);
}

export type QualificationQueryRow = Awaited<ReturnType<typeof allQualificationsQuery>>[number];

/**
 * The unexpired grants (`expires` null or ≥ now) of some users; `userIds` is a subquery or an
 * `idList(...)`, so one statement serves a whole page of users.
 */
export function unexpiredGrantsQuery(db: Database, userIds: SQL | { getSQL(): SQL }, now: number) {
  return db
    .select({ userId: qualificationGrants.userId, qualificationId: qualificationGrants.qualificationId })
    .from(qualificationGrants)
    .where(sql`${qualificationGrants.userId} IN ${userIds} AND (${qualificationGrants.expires} IS NULL OR ${qualificationGrants.expires} >= ${now})`)
    .orderBy(qualificationGrants.userId, qualificationGrants.qualificationId);
}
