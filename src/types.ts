import type { Principal } from "./auth/principal";
import type { Session } from "./auth/session";
import type { Database } from "./db/client";
import type { D1Usage, PendingChecks } from "./db/instrumented";
import type { Language } from "./lib/i18n/language";
import type { Settings } from "./lib/settings";

/** Hono environment shared by every route and middleware. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    /** The instance's configuration (src/middleware/settings.ts); bindings stay on `c.env`. */
    settings: Settings;
    /** The language of the answer's texts (src/middleware/language.ts). */
    language: Language;
    /** Drizzle over this request's instrumented D1 binding. */
    db: Database;
    /** What this request has cost in D1 so far. */
    d1Usage: D1Usage;
    /** What the request's next call to D1 must send along (src/db/instrumented.ts). */
    d1Checks: PendingChecks;
    /** Who is asking (src/middleware/authenticate.ts); null when nobody authenticated. */
    principal: Principal | null;
    /** The login session behind the principal, when it came from the cookie. */
    session: Session | null;
    /** A user of a federated guest instance, set by federatedUserRequired() on its pages only. */
    federatedUser: { guestId: number; federatedUserId: number } | undefined;
  };
};
