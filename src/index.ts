import { app } from "./app";
import { retryOf, wasUnconfirmed } from "./auth/token-cache";
import { createDatabase } from "./db/client";
import { optimizeQueryPlanner, removeExpiredData } from "./db/cleanup";

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const response = await app.fetch(request, env, ctx);
    // Answered with a remembered token that D1 did not confirm: again, with the token looked up.
    return wasUnconfirmed(request) ? app.fetch(retryOf(request), env, ctx) : response;
  },
  async scheduled(_controller, env, ctx) {
    const db = createDatabase(env.DB);
    ctx.waitUntil(removeExpiredData(db, Date.now()).then(() => optimizeQueryPlanner(db)));
  },
} satisfies ExportedHandler<Env>;
