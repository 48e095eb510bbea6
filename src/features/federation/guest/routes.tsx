import { type Context, Hono } from "hono";
import { loginRequired, sessionUser, staffRequired } from "../../../auth/access";
import { decryptSecret, encryptSecret, sha256Hex } from "../../../lib/crypto";
import { notFound } from "../../../lib/errors";
import { flash } from "../../../lib/html/flash";
import { parseForm, textField } from "../../../lib/html/forms";
import { outboundUrlProblem } from "../../../lib/outbound-url";
import type { AppEnv } from "../../../types";
import { newClientCredentials } from "../../../oauth/client-credentials";
import { decodeShareCode } from "../share-code";
import { redeemAtHost, sharedEventsAt, unshareAtHost } from "./client";
import { ADD_HOST, FEDERATION_SETTINGS, deleteHostUrl } from "../urls";
import { AddHostPage, type ExternalEvent, ExternalEventsPage, HostDeletePage } from "./pages";
import { type HostWithToken, deleteHost, findHost, hostsWithTokens, insertHost } from "./queries";
import { pathPk } from "../../../lib/api/params";
import { addHostForm } from "./schemas";

/** Where a host sends our users back to after they logged in here for its sign-up. */
export const OAUTH_CALLBACK_PATH = "/api/federation/oauth-callback/";

const SETUP_PROBLEMS = {
  connect: "Could not connect to host instance. Please check the URL and try again.",
  invalid: "Invalid code data. Please check the code and try again.",
};

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "");

async function hostFrom(c: Context<AppEnv>): Promise<HostWithToken> {
  const pk = pathPk(c.req.param());
  const host = pk === null ? null : await findHost(c.var.db, pk);
  if (!host) throw notFound("FederatedHost");
  return host;
}

/** The events of every host, asked in parallel: a slow or broken host costs only its own events. */
async function externalEvents(c: Context<AppEnv>) {
  const hosts = await hostsWithTokens(c.var.db);
  const now = Date.now();
  const { secretKey, siteUrl } = c.var.settings;
  const answers = await Promise.allSettled(hosts.map(async (host) => sharedEventsAt(host.url, await decryptSecret(host.accessTokenEncrypted, secretKey), now, siteUrl)));
  const events: ExternalEvent[] = [];
  const unreachable: string[] = [];
  const revoked: HostWithToken[] = [];
  answers.forEach((answer, i) => {
    if (answer.status === "rejected") unreachable.push(hosts[i].name);
    else if (answer.value.kind === "revoked") revoked.push(hosts[i]);
    else events.push(...answer.value.events.map((event) => ({ ...event, host: hosts[i].name })));
  });
  // A 403 means the host ended the share; as ephios, our side goes too (set up again to resume).
  await Promise.all(revoked.map((host) => deleteHost(c.var.db, host)));
  events.sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time));
  return { events, unreachable };
}

export const federationGuestRoutes = new Hono<AppEnv>()
  .get(ADD_HOST, staffRequired(), (c) => c.html(<AddHostPage c={c} code={c.req.query("code")?.slice(0, 4000)} />))

  .post(ADD_HOST, staffRequired(), async (c) => {
    const form = await parseForm(c, addHostForm);
    if ("errors" in form) return c.html(<AddHostPage c={c} code={textField(form.body, "code")} errors={form.errors} />, 400);
    const refuse = (message: string) => c.html(<AddHostPage c={c} code={form.data.code} errors={{ code: [message] }} />, 400);

    const share = decodeShareCode(form.data.code);
    if (!share) return refuse("Invalid code");
    const { organizationName, siteUrl } = c.var.settings;
    // The host's address comes from whoever wrote the code: checked before we call it.
    const problem = outboundUrlProblem(share.host_url, siteUrl);
    if (problem !== null) return refuse(`Invalid code: the host's address is ${problem}, which this instance does not call.`);
    if (withoutTrailingSlash(share.guest_url) !== siteUrl) return refuse("This invite code is not issued for this instance.");

    const hostUrl = withoutTrailingSlash(share.host_url);
    const { clientId, clientSecret } = newClientCredentials();
    const answer = await redeemAtHost(hostUrl, { name: organizationName, url: share.guest_url, client_id: clientId, client_secret: clientSecret, code: share.code }, siteUrl);
    if (!answer.ok) return refuse(SETUP_PROBLEMS[answer.problem]);

    // Only now, after the host accepted: a failed handshake leaves nothing behind.
    await insertHost(
      c.var.db,
      {
        name: answer.hostName,
        url: hostUrl,
        accessTokenEncrypted: await encryptSecret(answer.accessToken, c.var.settings.secretKey),
        application: { ownerId: sessionUser(c).id, clientId, clientSecretHash: await sha256Hex(clientSecret), redirectUri: `${hostUrl}${OAUTH_CALLBACK_PATH}` },
      },
      Date.now(),
    );
    flash(c, `You are now receiving events from ${answer.hostName}.`);
    return c.redirect(FEDERATION_SETTINGS, 302);
  })

  .get("/settings/federation/hosts/:pk/delete/", staffRequired(), async (c) => c.html(<HostDeletePage c={c} host={await hostFrom(c)} />))

  .post("/settings/federation/hosts/:pk/delete/", staffRequired(), async (c) => {
    const host = await hostFrom(c);
    const token = await decryptSecret(host.accessTokenEncrypted, c.var.settings.secretKey).catch(() => null);
    // Our side goes only when the host confirmed, so neither side is left with half a federation.
    if (token === null || !(await unshareAtHost(host.url, token, c.var.settings.siteUrl))) {
      flash(c, `${host.name} could not be told to stop sharing; nothing was changed. Please try again later.`);
      return c.redirect(deleteHostUrl(host.id), 302);
    }
    await deleteHost(c.var.db, host);
    flash(c, `You no longer receive events from ${host.name}.`);
    return c.redirect(FEDERATION_SETTINGS, 302);
  })

  .get("/events/external/", loginRequired(), async (c) => {
    const { events, unreachable } = await externalEvents(c);
    return c.html(<ExternalEventsPage c={c} events={events} unreachable={unreachable} error={c.req.query("error")} />);
  });
