import { app } from "./app";
import { createDatabase } from "./db/client";
import { removeExpiredData } from "./db/cleanup";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(removeExpiredData(createDatabase(env.DB), Date.now()));
  },
} satisfies ExportedHandler<Env>;
