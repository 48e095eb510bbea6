import { vi } from "vitest";

/** An outbound request the Worker made, its body read while the request was handled. */
export interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  /** "manual" when the Worker would get a redirect as an answer instead of following it. */
  redirect: Request["redirect"];
}

/**
 * Outbound requests of the Worker go to `answer` instead of the network (another instance played
 * by the test); returns what was sent. Undo with `vi.restoreAllMocks()`.
 */
export function fakeNetwork(answer: (request: Request) => Response | Promise<Response>): Sent[] {
  const sent: Sent[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const outbound = new Request(input, init);
    // Bodies belong to the request being handled: read them here, not later in the test.
    sent.push({
      method: outbound.method,
      url: outbound.url,
      headers: outbound.headers,
      redirect: outbound.redirect,
      body: new TextDecoder().decode(await outbound.clone().arrayBuffer()),
    });
    return answer(outbound);
  });
  return sent;
}

/** A JSON answer of the other instance. */
export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
