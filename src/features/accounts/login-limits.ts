import type { RateLimit } from "../../lib/rate-limit";

const WINDOW_SECONDS = 15 * 60;

/**
 * Failed logins allowed per window. Per account and address: one stranger guessing one account;
 * per address: one address trying many accounts; per account: many addresses guessing one
 * account. The last is loose, so a stranger cannot lock the owner out from a few addresses.
 */
export const LOGIN_LIMITS = {
  perAccountAndAddress: { name: "login-account-address", limit: 5, windowSeconds: WINDOW_SECONDS },
  perAddress: { name: "login-address", limit: 20, windowSeconds: WINDOW_SECONDS },
  perAccount: { name: "login-account", limit: 50, windowSeconds: WINDOW_SECONDS },
} as const satisfies Record<string, RateLimit>;

/**
 * Wrong old passwords on the password change, per user: whoever holds a session (a stolen one
 * too) must not be able to guess the password and then set a permanent one.
 */
export const PASSWORD_CHANGE_LIMIT = { name: "password-change", limit: 5, windowSeconds: WINDOW_SECONDS } as const satisfies RateLimit;

/** The counters a login attempt goes through, narrowest first (see countAttempt). */
export function loginCounters(email: string, address: string) {
  const account = email.toLowerCase();
  return [
    { limit: LOGIN_LIMITS.perAccountAndAddress, subject: [account, address] },
    { limit: LOGIN_LIMITS.perAddress, subject: [address] },
    { limit: LOGIN_LIMITS.perAccount, subject: [account] },
  ];
}
