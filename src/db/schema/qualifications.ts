import { index, integer, primaryKey, sqliteTable, text, unique } from "drizzle-orm/sqlite-core";
import { flag, instant } from "./columns";
import { users } from "./users";

export const qualificationCategories = sqliteTable("qualification_categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  uuid: text("uuid").notNull().unique(),
  title: text("title").notNull(),
  showWithUser: flag("show_with_user").notNull().default(true),
});

export const qualifications = sqliteTable(
  "qualifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    uuid: text("uuid").notNull().unique(),
    title: text("title").notNull(),
    abbreviation: text("abbreviation").notNull(),
    // A category with qualifications cannot be deleted: the qualifications would lose their meaning.
    categoryId: integer("category_id").notNull().references(() => qualificationCategories.id, { onDelete: "restrict" }),
    isImported: flag("is_imported").notNull().default(false),
  },
  (t) => [index("qualifications_category_idx").on(t.categoryId)],
);

/** Direct inclusions: `qualificationId` includes `includedId` (not symmetrical). */
export const qualificationIncludes = sqliteTable(
  "qualification_includes",
  {
    qualificationId: integer("qualification_id").notNull().references(() => qualifications.id, { onDelete: "cascade" }),
    includedId: integer("included_id").notNull().references(() => qualifications.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.qualificationId, t.includedId] }), index("qualification_includes_included_idx").on(t.includedId)],
);

export const qualificationGrants = sqliteTable(
  "qualification_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    qualificationId: integer("qualification_id").notNull().references(() => qualifications.id, { onDelete: "cascade" }),
    /** null: never expires. */
    expires: instant("expires"),
    externallyManaged: flag("externally_managed").notNull().default(false),
  },
  (t) => [unique("qualification_grants_user_qualification_unique").on(t.userId, t.qualificationId), index("qualification_grants_qualification_idx").on(t.qualificationId)],
);
