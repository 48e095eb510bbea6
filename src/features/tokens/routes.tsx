import { Hono } from "hono";
import { loginRequired, sessionUser } from "../../auth/access";
import { decryptSecret, encryptSecret, randomString, sha256Hex } from "../../lib/crypto";
import { parseDateTime } from "../../lib/datetime";
import { notFound, permissionDenied } from "../../lib/errors";
import { flash } from "../../lib/html/flash";
import { listField, parseForm, textField } from "../../lib/html/forms";
import type { AppEnv } from "../../types";
import { TokenCreatePage, type TokenFormValues, TokenListPage, TokenRevealPage } from "./pages";
import { findOwnToken, insertPersonalToken, listApplicationTokens, listPersonalTokens, revokeOwnToken } from "./queries";
import { pathPk } from "../../lib/api/params";
import { createTokenForm, revokeTokenForm } from "./schemas";

/** ephios: a new token can be revealed for 30 seconds after it was created. */
export const REVEAL_WINDOW_MS = 30_000;
/** As ephios's generate_key: 50 characters from [A-Za-z0-9] (about 298 bits). */
const TOKEN_LENGTH = 50;

/**
 * The secret is stored only as a hash. To show it once on the reveal page (ephios's flow), it is
 * kept encrypted in KV for a minute (KV's shortest TTL) and deleted when shown.
 */
const revealKey = (tokenId: number) => `token-reveal:${tokenId}`;

export const tokens = new Hono<AppEnv>()
  .get("/api/settings/token/", loginRequired(), async (c) => {
    const user = sessionUser(c);
    const [applications, personal] = await c.var.db.batch([listApplicationTokens(c.var.db, user.id), listPersonalTokens(c.var.db, user.id)]);
    return c.html(<TokenListPage c={c} applications={applications} personal={personal} now={Date.now()} />);
  })

  .get("/api/settings/token/create/", loginRequired(), (c) => c.html(<TokenCreatePage c={c} />))

  .post("/api/settings/token/create/", loginRequired(), async (c) => {
    const user = sessionUser(c);
    const form = await parseForm(c, createTokenForm);
    const values: TokenFormValues = {
      description: textField(form.body, "description"),
      scope: listField(form.body, "scope"),
      expires_0: textField(form.body, "expires_0"),
      expires_1: textField(form.body, "expires_1"),
    };
    if ("errors" in form) return c.html(<TokenCreatePage c={c} values={values} errors={form.errors} />, 400);

    const now = Date.now();
    const { description, scope, expires_0: date, expires_1: time } = form.data;
    const expires = date && time ? parseDateTime(`${date}T${time}`, c.var.settings.timeZone) : null;
    if (date && (expires === null || expires <= now)) {
      const message = expires === null ? "Enter a valid date/time." : "The expiry must be in the future.";
      return c.html(<TokenCreatePage c={c} values={values} errors={{ expires: [message] }} />, 400);
    }
    const token = randomString(TOKEN_LENGTH);
    const id = await insertPersonalToken(c.var.db, { userId: user.id, tokenHash: await sha256Hex(token), scope: [...new Set(scope)].join(" "), description, expires }, now);
    await c.env.KV.put(revealKey(id), await encryptSecret(token, c.var.settings.secretKey), { expirationTtl: 60 });
    return c.redirect(`/api/settings/token/reveal/${id}/`, 302);
  })

  .get("/api/settings/token/reveal/:pk/", loginRequired(), async (c) => {
    const user = sessionUser(c);
    const pk = pathPk(c.req.param());
    const token = pk === null ? null : await findOwnToken(c.var.db, user.id, pk);
    // As ephios: anyone but the owner, and an unknown id, get 403.
    if (!token || token.applicationId !== null) throw permissionDenied();
    const sealed = Date.now() - token.created <= REVEAL_WINDOW_MS ? await c.env.KV.get(revealKey(token.id)) : null;
    if (!sealed) {
      flash(c, "Token is too old to be revealed.");
      return c.redirect("/api/settings/token/", 302);
    }
    await c.env.KV.delete(revealKey(token.id));
    c.header("Cache-Control", "no-store");
    return c.html(<TokenRevealPage c={c} token={await decryptSecret(sealed, c.var.settings.secretKey)} />);
  })

  .post("/api/settings/token/revoke/", loginRequired(), async (c) => {
    const user = sessionUser(c);
    const form = await parseForm(c, revokeTokenForm);
    const token = "data" in form ? await findOwnToken(c.var.db, user.id, form.data.pk) : null;
    if (!token) throw notFound("AccessToken");
    await revokeOwnToken(c.var.db, user.id, token.id, Date.now());
    flash(c, "Token was revoked.");
    return c.redirect("/api/settings/token/", 302);
  });
