import { Hono } from "hono";
import { loginRequired, publicAccess, sessionUser } from "../../auth/access";
import { findLoginCandidate, findPasswordHash, recordLogout } from "../../auth/queries";
import { closeSession, openSession, rebindSession } from "../../auth/session";
import { flash } from "../../lib/html/flash";
import { parseForm } from "../../lib/html/forms";
import { hashPassword, verifyPassword } from "../../lib/password";
import { clientAddress, countAttempt } from "../../lib/rate-limit";
import { safeRedirectTarget } from "../../lib/redirect";
import type { AppEnv } from "../../types";
import { PASSWORD_CHANGE_LIMIT, loginCounters } from "./login-limits";
import { HomePage, LoginPage, PasswordChangePage } from "./pages";
import { replacePassword } from "./queries";
import { loginForm, passwordChangeForm } from "./schemas";

const LOGIN_FAILED = "Please enter a correct email address and password. Note that both fields may be case-sensitive.";
const LOGIN_THROTTLED = "Too many failed login attempts. Please try again later.";
const PASSWORD_CHANGE_THROTTLED = "Too many wrong passwords. Please try again later.";

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
    const next = safeRedirectTarget(c.req.query("next"), c.var.settings.siteUrl);
    if (c.var.principal?.via === "session") return c.redirect(next, 302);
    return c.html(<LoginPage c={c} next={next} />);
  })

  .post("/accounts/login/", publicAccess(), async (c) => {
    const form = await parseForm(c, loginForm);
    if ("errors" in form) return c.html(<LoginPage c={c} errors={form.errors} />, 400);
    const { email, password } = form.data;
    const next = safeRedirectTarget(form.data.next, c.var.settings.siteUrl);
    const now = Date.now();
    // Counted as a failure before the password is checked, so no more guesses than the limits
    // allow are checked however many run in parallel; a successful login is taken back.
    const attempt = await countAttempt(c.var.db, loginCounters(email, clientAddress(c)), now);
    if (attempt.refused) {
      c.header("Retry-After", String(attempt.refused.retryAfter));
      return c.html(<LoginPage c={c} email={email} next={next} errors={{ __all__: [LOGIN_THROTTLED] }} />, 429);
    }
    const candidate = await findLoginCandidate(c.var.db, email);
    if (!(await checkPassword(candidate?.passwordHash, password)) || !candidate) {
      return c.html(<LoginPage c={c} email={email} next={next} errors={{ __all__: [LOGIN_FAILED] }} />, 200);
    }
    await attempt.release();
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
    const now = Date.now();
    const attempt = await countAttempt(c.var.db, [{ limit: PASSWORD_CHANGE_LIMIT, subject: [String(user.id)] }], now);
    if (attempt.refused) {
      c.header("Retry-After", String(attempt.refused.retryAfter));
      return c.html(<PasswordChangePage c={c} errors={{ old_password: [PASSWORD_CHANGE_THROTTLED] }} />, 429);
    }
    if (!(await checkPassword(await findPasswordHash(c.var.db, user.id), form.data.old_password))) {
      return c.html(<PasswordChangePage c={c} errors={{ old_password: ["Your old password was entered incorrectly. Please enter it again."] }} />, 400);
    }
    await attempt.release();
    const passwordHash = await hashPassword(form.data.new_password1);
    await replacePassword(c.var.db, user.id, passwordHash, now);
    // This session stays; every other session of the user ends with the old password.
    await rebindSession(c, c.var.session!, passwordHash, now);
    flash(c, "Your password has been changed. All your API tokens were revoked.");
    return c.redirect("/settings/password/", 302);
  });
