/**
 * The OAuth token endpoint under load. Refresh-token rotation spends a refresh token per request
 * and answers the next one, so every request has to carry the token the previous rotation of its
 * chain returned, and no two requests in flight may carry the same one (the second would count as
 * a replay and revoke the chain's family). Introspection is a plain repeated request.
 */
import type { RequestSpec } from "autocannon";
import { type Cost, cost, type Load, load, parseServerTiming, PROXY_DROPPED, type RequestShape } from "./measure";
import type { OAuthClient } from "./world";

interface Chain {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** What the rotations gave: answers by outcome, and chains given up. */
export interface Tally {
  rotated: number;
  /** 429: the client's per-minute limit; the refresh token was not spent */
  throttled: number;
  /** 400 invalid_grant and the like: the chain's token was refused, the chain is given up */
  refused: number;
  /** wrangler dev's proxy lost the request (its 503): the token may or may not be spent, the chain is given up */
  dropped: number;
  /** other answers (5xx, unreadable bodies): the chain is given up */
  other: number;
}

/**
 * The chains not in flight, first in first out, so consecutive requests go to different clients
 * and each client's share of the per-client rate limit is as small as it can be. A request takes a
 * chain and puts it back with the new refresh token when the answer comes.
 */
export class ChainPool {
  private readonly idle: Chain[];
  readonly size: number;
  readonly tally: Tally = { rotated: 0, throttled: 0, refused: 0, dropped: 0, other: 0 };

  constructor(clients: OAuthClient[]) {
    this.idle = clients.map(({ clientId, clientSecret, refreshToken }) => ({ clientId, clientSecret, refreshToken }));
    this.size = this.idle.length;
  }

  get available(): number {
    return this.idle.length;
  }

  take(): Chain | undefined {
    return this.idle.shift();
  }

  /** Settles one answer to a rotation of `chain`. */
  settle(chain: Chain, status: number, body: string): void {
    if (status === 429) {
      this.tally.throttled++;
      this.idle.push(chain);
      return;
    }
    if (status === 200) {
      try {
        const next = (JSON.parse(body) as { refresh_token?: unknown }).refresh_token;
        if (typeof next === "string" && next) {
          this.tally.rotated++;
          this.idle.push({ ...chain, refreshToken: next });
          return;
        }
      } catch {
        /* counted below */
      }
      this.tally.other++;
      return;
    }
    if (status >= 400 && status < 500) this.tally.refused++;
    else if (status === 503 && body.startsWith(PROXY_DROPPED)) this.tally.dropped++;
    else this.tally.other++;
  }
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };
export const TOKEN_PATH = "/api/oauth/token/";
export const INTROSPECT_PATH = "/api/oauth/introspect/";

const rotationBody = (chain: Chain) => new URLSearchParams({ grant_type: "refresh_token", refresh_token: chain.refreshToken, client_id: chain.clientId, client_secret: chain.clientSecret }).toString();

export interface RotationCost {
  status: number;
  queries: number | null;
  rowsRead: number | null;
  rowsWritten: number | null;
  /** median `total;dur` of the measured rotations */
  totalMs: number | null;
  runs: number;
}

/** One unmeasured rotation, then `repeat` sequential ones (each from the next chain). */
export async function rotationCost(origin: string, pool: ChainPool, timeoutMs: number, repeat = 3): Promise<RotationCost> {
  let last: { status: number; timing: ReturnType<typeof parseServerTiming> } | null = null;
  const totals: number[] = [];
  for (let i = 0; i <= repeat; i++) {
    const chain = pool.take();
    if (!chain) break;
    const response = await fetch(`${origin}${TOKEN_PATH}`, { method: "POST", headers: FORM, body: rotationBody(chain), signal: AbortSignal.timeout(timeoutMs) });
    pool.settle(chain, response.status, await response.text());
    last = { status: response.status, timing: parseServerTiming(response.headers.get("server-timing")) };
    if (i > 0 && last.timing) totals.push(last.timing.totalMs);
  }
  totals.sort((a, b) => a - b);
  return {
    status: last?.status ?? 0,
    queries: last?.timing?.queries ?? null,
    rowsRead: last?.timing?.rowsRead ?? null,
    rowsWritten: last?.timing?.rowsWritten ?? null,
    totalMs: totals.length ? totals[Math.floor(totals.length / 2)] : null,
    runs: totals.length,
  };
}

/**
 * Rotations under load. autocannon empties a connection's `context` each time the connection
 * starts its list of requests again (here: before every request), so the chain cannot stay in the
 * context: each request takes the next idle chain in `setupRequest`, keeps it in its context, and
 * `onResponse` puts it back with the refresh token of the answer. A request that gets no answer
 * (timeout, connection error) loses its chain, since its token may or may not have been spent.
 */
export async function rotationLoad(origin: string, pool: ChainPool, settings: { connections: number; duration: number; timeout: number }): Promise<Load> {
  const request: RequestSpec = {
    method: "POST",
    path: TOKEN_PATH,
    headers: FORM,
    setupRequest: (req, context) => {
      // Never empty while more chains than connections are left; if it ever is, the request
      // carries no token and is refused (400), which the tally shows.
      const chain = pool.take();
      context.chain = chain;
      return { ...req, body: chain ? rotationBody(chain) : "grant_type=refresh_token&client_id=bench-client-1" };
    },
    onResponse: (status, body, context) => {
      const chain = context.chain as Chain | undefined;
      if (chain) pool.settle(chain, status, body);
      else pool.tally.refused++;
    },
  };
  return load(`${origin}${TOKEN_PATH}`, null, settings, { requests: [request] });
}

/** The form an introspection request sends: the client's credentials and its valid access token. */
export function introspectionRequest(client: OAuthClient): RequestShape {
  return { method: "POST", headers: FORM, body: new URLSearchParams({ token: client.accessToken, client_id: client.clientId, client_secret: client.clientSecret }).toString() };
}

export function introspectionCost(origin: string, client: OAuthClient, timeoutMs: number): Promise<Cost> {
  return cost(`${origin}${INTROSPECT_PATH}`, null, { timeoutMs, request: introspectionRequest(client) });
}
