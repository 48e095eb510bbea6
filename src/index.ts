import { app } from "./app";
import { createDatabase } from "./db/client";
import { optimizeQueryPlanner, removeExpiredData } from "./db/cleanup";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    const db = createDatabase(env.DB);
    ctx.waitUntil(removeExpiredData(db, Date.now()).then(() => optimizeQueryPlanner(db)));
  },
} satisfies ExportedHandler<Env>;
