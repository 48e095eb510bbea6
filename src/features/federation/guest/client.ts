/**
 * What this instance, as a guest, sends to its hosts (docs/federation.md, "Guest side: receiving events"). Every call goes through
 * fetchOutbound (the host's URL checked, no redirects) and has a timeout, which also covers reading
 * the answer; answers are read with a size limit; nothing a host answers is trusted beyond the keys
 * read here.
 */
import { readJsonLimited } from "../../../lib/body";
import { fetchOutbound } from "../../../lib/outbound-url";
import { type SharedEvent, setupAnswer, sharedEvent, sharedEventPage } from "./schemas";

export const SETUP_TIMEOUT_MS = 10_000;
export const HOST_TIMEOUT_MS = 5_000;
/**
 * The shared-event list may be long (an ephios host sends its descriptions, unbounded there, with
 * every event); other answers stay within the default of readJsonLimited.
 */
export const MAX_EVENT_LIST_BYTES = 8 * 1024 * 1024;
/** ephios lists shared events that ended at most this long ago. */
export const PAST_EVENTS_MS = 14 * 24 * 3_600_000;

export interface SetupFields {
  name: string;
  url: string;
  client_id: string;
  client_secret: string;
  code: string;
}

export type SetupResult = { ok: true; hostName: string; accessToken: string } | { ok: false; problem: "connect" | "invalid" };

/** The setup call, form-encoded as ephios sends it. */
export async function redeemAtHost(hostUrl: string, fields: SetupFields, siteUrl: string): Promise<SetupResult> {
  const signal = AbortSignal.timeout(SETUP_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetchOutbound(`${hostUrl}/api/federation/setup/`, { method: "POST", body: new URLSearchParams({ ...fields }), headers: { Accept: "application/json" }, signal }, siteUrl);
  } catch {
    return { ok: false, problem: "connect" };
  }
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel();
    return { ok: false, problem: "connect" };
  }
  let body: unknown;
  try {
    body = await readJsonLimited(response, signal);
  } catch {
    return { ok: false, problem: signal.aborted ? "connect" : "invalid" };
  }
  const answer = setupAnswer.safeParse(body);
  return answer.success ? { ok: true, hostName: answer.data.host_name, accessToken: answer.data.access_token } : { ok: false, problem: "invalid" };
}

export type EventsResult = { kind: "events"; events: SharedEvent[] } | { kind: "revoked" };

/**
 * The host's shared events that ended in the last two weeks or later. 403 means the host ended
 * the share; any other failure throws, and the caller skips the host.
 */
export async function sharedEventsAt(hostUrl: string, accessToken: string, now: number, siteUrl: string): Promise<EventsResult> {
  // As ephios's datetime.isoformat() in UTC: "+00:00", not "Z".
  const since = new Date(now - PAST_EVENTS_MS).toISOString().replace("Z", "+00:00");
  const signal = AbortSignal.timeout(HOST_TIMEOUT_MS);
  const response = await fetchOutbound(
    `${hostUrl}/api/federation/events/?end_time_after=${encodeURIComponent(since)}`,
    { headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" }, signal },
    siteUrl,
  );
  if (response.status === 403) {
    await response.body?.cancel();
    return { kind: "revoked" };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`host answered ${response.status}`);
  }
  const page = sharedEventPage.parse(await readJsonLimited(response, signal, MAX_EVENT_LIST_BYTES));
  // One malformed item costs only that item.
  const events = page.results.flatMap((item) => {
    const parsed = sharedEvent.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  return { kind: "events", events };
}

/** Asks the host to forget us; only its 204 counts as done (ephios). */
export async function unshareAtHost(hostUrl: string, accessToken: string, siteUrl: string): Promise<boolean> {
  try {
    const response = await fetchOutbound(
      `${hostUrl}/api/federation/guest/delete/`,
      { method: "DELETE", headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" }, signal: AbortSignal.timeout(HOST_TIMEOUT_MS) },
      siteUrl,
    );
    await response.body?.cancel();
    return response.status === 204;
  } catch {
    return false;
  }
}
