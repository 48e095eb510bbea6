import { Hono } from "hono";
import { loginRequired, permissionRequired, publicAccess, sessionUser } from "../../auth/access";
import { findLoginCandidate, findPasswordHash, recordLogout } from "../../auth/queries";
import { closeSession, openSession, rebindSession } from "../../auth/session";
import { notFound } from "../../lib/errors";
import { flash } from "../../lib/html/flash";
import { parseForm } from "../../lib/html/forms";
import { hashPassword, verifyPassword } from "../../lib/password";
import { RateLimiter } from "../../lib/rate-limit";
import { safeRedirectTarget } from "../../lib/redirect";
import type { AppEnv } from "../../types";
import { HomePage, LoginPage, PasswordChangePage, PasswordRevokePage } from "./pages";
import { findUserName, replacePassword } from "./queries";
import { loginForm, passwordChangeForm, userIdParam } from "./schemas";

const LOGIN_FAILED = "Please enter a correct email address and password. Note that both fields may be case-sensitive.";
const LOGIN_THROTTLED = "Too many failed login attempts. Please try again later.";
const WINDOW_SECONDS = 15 * 60;
/** Failed logins allowed per window: per submitted email (guessing one account) and per client address. */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 20 } as const;

// Verifying against a throw-away hash when the account is unknown keeps both answers equally slow.
let dummyHash: Promise<string> | undefined;

async function checkPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword("not a real password");
    await verifyPassword(password, await dummyHash);
    return false;
  }
  return verifyPassword(password, passwordHash);
}

export const accounts = new Hono<AppEnv>()
  .get("/", publicAccess(), (c) => c.html(<HomePage c={c} />))

  .get("/accounts/login/", publicAccess(), (c) => {
    const next = safeRedirectTarget(c.req.query("next"), c.env.SITE_URL);
    if (c.var.principal?.via === "session") return c.redirect(next, 302);
    return c.html(<LoginPage c={c} next={next} />);
  })

  .post("/accounts/login/", publicAccess(), async (c) => {
    const form = await parseForm(c, loginForm);
    if ("errors" in form) return c.html(<LoginPage c={c} errors={form.errors} />, 400);
    const { email, password } = form.data;
    const next = safeRedirectTarget(form.data.next, c.env.SITE_URL);
    const now = Date.now();
    const perAccount = new RateLimiter(c.env.KV, "login-account", LOGIN_LIMITS.perAccount, WINDOW_SECONDS);
    const perAddress = new RateLimiter(c.env.KV, "login-address", LOGIN_LIMITS.perAddress, WINDOW_SECONDS);
    const account = email.toLowerCase();
    const address = c.req.header("CF-Connecting-IP") ?? "unknown";
    if ((await perAccount.isBlocked(account, now)) || (await perAddress.isBlocked(address, now))) {
      c.header("Retry-After", String(perAccount.retryAfter(now)));
      return c.html(<LoginPage c={c} email={email} next={next} errors={{ __all__: [LOGIN_THROTTLED] }} />, 429);
    }
    const candidate = await findLoginCandidate(c.var.db, email);
    if (!(await checkPassword(candidate?.passwordHash, password)) || !candidate) {
      await Promise.all([perAccount.record(account, now), perAddress.record(address, now)]);
      return c.html(<LoginPage c={c} email={email} next={next} errors={{ __all__: [LOGIN_FAILED] }} />, 200);
    }
    await openSession(c, candidate.id, candidate.passwordHash, now);
    return c.redirect(next, 302);
  })

  .post("/accounts/logout/", publicAccess(), async (c) => {
    const session = c.var.session;
    if (session) {
      await recordLogout(c.var.db, session.hash, session.record.absoluteExpires);
      await closeSession(c, session);
    }
    flash(c, "You have been logged out.");
    return c.redirect("/accounts/login/", 302);
  })

  .get("/settings/password/", loginRequired(), (c) => c.html(<PasswordChangePage c={c} />))

  .post("/settings/password/", loginRequired(), async (c) => {
    const user = sessionUser(c);
    const form = await parseForm(c, passwordChangeForm);
    if ("errors" in form) return c.html(<PasswordChangePage c={c} errors={form.errors} />, 400);
    if (!(await checkPassword(await findPasswordHash(c.var.db, user.id), form.data.old_password))) {
      return c.html(<PasswordChangePage c={c} errors={{ old_password: ["Your old password was entered incorrectly. Please enter it again."] }} />, 400);
    }
    const now = Date.now();
    const passwordHash = await hashPassword(form.data.new_password1);
    await replacePassword(c.var.db, user.id, passwordHash, now);
    // This session stays; every other session of the user ends with the old password.
    await rebindSession(c, c.var.session!, passwordHash, now);
    flash(c, "Your password has been changed. All your API tokens were revoked.");
    return c.redirect("/settings/password/", 302);
  })

  .get("/users/:pk/password_revoke/", permissionRequired("change_userprofile"), async (c) => {
    const params = userIdParam.safeParse(c.req.param());
    const name = params.success ? await findUserName(c.var.db, params.data.pk) : null;
    if (!params.success || name === null) throw notFound("UserProfile");
    return c.html(<PasswordRevokePage c={c} userId={params.data.pk} name={name} />);
  })

  .post("/users/:pk/password_revoke/", permissionRequired("change_userprofile"), async (c) => {
    const params = userIdParam.safeParse(c.req.param());
    const name = params.success ? await findUserName(c.var.db, params.data.pk) : null;
    if (!params.success || name === null) throw notFound("UserProfile");
    await replacePassword(c.var.db, params.data.pk, null, Date.now());
    flash(c, `The password of ${name} was revoked and all their API tokens were revoked.`);
    return c.redirect("/", 302);
  });
