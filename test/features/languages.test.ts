// ephios answers in German by default (its LANGUAGE_CODE "de") and in English with
// `Accept-Language: en`: Django's LocaleMiddleware picks the language, the texts come from DRF's,
// Django's and ephios's German catalogs. Each expectation is ephios's answer to the request beside
// it. The Worker runs here as deployed, without the test configs' LANGUAGE_CODE "en".
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { resetWorld } from "../helpers/db";
import { ORIGIN, bearer, request } from "../helpers/http";

const TOKEN = {
  admin: "lang-admin-token-0123456789",
  publicRead: "lang-volunteer-public-read-0123456789",
  meRead: "lang-volunteer-me-read-0123456789",
  volunteerMe: "lang-volunteer-me-write-0123456789",
  rejectedMe: "lang-rejected-me-write-0123456789",
};

function world() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_superuser: true, is_staff: true },
      { id: 2, email: "volunteer@example.org", display_name: "Vera Volunteer", password: null },
      { id: 3, email: "rejected@example.org", display_name: "Rudi Rejected", password: null },
    ],
    groups: [{ id: 1, name: "Helfer", members: [1, 2, 3] }],
    event_types: [{ id: 1, title: "Dienst" }],
    events: [{ id: 1, title: "Sanitätsdienst", description: null, location: "Halle", type: 1, active: true }],
    event_permissions: [{ event: 1, group: 1, permission: "view_event" }],
    shifts: [
      {
        id: 1,
        event: 1,
        meeting_time: "2099-06-01T08:00:00",
        start_time: "2099-06-01T08:00:00",
        end_time: "2099-06-01T16:00:00",
        signup_flow_slug: "request_confirm",
        signup_flow_configuration: { user_can_decline_confirmed: false },
        structure_slug: "uniform",
      },
    ],
    participations: [
      { id: 1, shift: 1, kind: "local", user: 2, state: 1 },
      { id: 2, shift: 1, kind: "placeholder", display_name: "Max Extern", state: 0 },
      { id: 3, shift: 1, kind: "local", user: 3, state: 3 },
      { id: 4, shift: 1, kind: "placeholder", display_name: "Paula Platz", state: 2 },
      { id: 5, shift: 1, kind: "placeholder", display_name: "Dora Dispo", state: 4 },
    ],
    api_tokens: [
      { id: 1, user: 1, token: TOKEN.admin, scope: ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] },
      { id: 2, user: 2, token: TOKEN.publicRead, scope: ["PUBLIC_READ"] },
      { id: 3, user: 2, token: TOKEN.meRead, scope: ["ME_READ"] },
      { id: 4, user: 2, token: TOKEN.volunteerMe, scope: ["ME_READ", "ME_WRITE"] },
      { id: 5, user: 3, token: TOKEN.rejectedMe, scope: ["ME_READ", "ME_WRITE"] },
    ],
  };
}

beforeAll(() => resetWorld(world()));

/** The environment as wrangler.toml deploys it: LANGUAGE_CODE as there, not the test configs' "en". */
const deployedVars: Record<string, string | undefined> = { LANGUAGE_CODE: undefined };
const deployedEnv = { ...env, ...deployedVars };

/** A request to the Worker as deployed, with the given token (if any) and headers. */
async function ask(method: string, path: string, token?: string, headers: Record<string, string> = {}, body?: unknown): Promise<Response> {
  const init: RequestInit = {
    method,
    redirect: "manual",
    headers: { ...(token ? bearer(token) : {}), ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(new URL(path, ORIGIN), init), deployedEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const EN = { "Accept-Language": "en" };

/** Status, JSON body (exact text, key order included) and the language the answer says it is in. */
async function expectAnswer(response: Response, status: number, body: unknown, language: "de" | "en") {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(response.headers.get("Content-Language")).toBe(language);
  expect(await response.text()).toBe(JSON.stringify(body));
}

describe("DRF's exceptions", () => {
  it("no credentials: 403 Anmeldedaten fehlen., in English with Accept-Language: en", async () => {
    await expectAnswer(await ask("GET", "/api/events/"), 403, { detail: "Anmeldedaten fehlen." }, "de");
    await expectAnswer(await ask("GET", "/api/events/", undefined, EN), 403, { detail: "Authentication credentials were not provided." }, "en");
  });

  it("a token without the scope: 403 with DRF's permission text", async () => {
    await expectAnswer(await ask("GET", "/api/users/", TOKEN.publicRead), 403, { detail: "Sie sind nicht berechtigt, diese Aktion durchzuführen." }, "de");
    await expectAnswer(await ask("GET", "/api/users/", TOKEN.publicRead, EN), 403, { detail: "You do not have permission to perform this action." }, "en");
  });

  it("404: Nicht gefunden.; Django's get_object_or_404 text is not translated", async () => {
    await expectAnswer(await ask("GET", "/api/events/abc/", TOKEN.admin), 404, { detail: "Nicht gefunden." }, "de");
    await expectAnswer(await ask("GET", "/api/nothing-here/", TOKEN.admin), 404, { detail: "Nicht gefunden." }, "de");
    await expectAnswer(await ask("GET", "/api/events/999/", TOKEN.admin), 404, { detail: "No Event matches the given query." }, "de");
  });

  it('405: Methode "POST" nicht erlaubt., with Allow', async () => {
    const response = await ask("POST", "/api/users/me/", TOKEN.meRead);
    expect(response.headers.get("Allow")).toBe("GET, PATCH, HEAD, OPTIONS");
    await expectAnswer(response, 405, { detail: 'Methode "POST" nicht erlaubt.' }, "de");
    await expectAnswer(await ask("POST", "/api/users/me/", TOKEN.meRead, EN), 405, { detail: 'Method "POST" not allowed.' }, "en");
  });
});

describe("DRF's field errors", () => {
  it("a blank and a mistyped value", async () => {
    await expectAnswer(
      await ask("POST", "/api/events/", TOKEN.admin, {}, { title: "", location: 5, type: 1 }),
      400,
      { title: ["Dieses Feld darf nicht leer sein."], location: ["Kein gültiger String."] },
      "de",
    );
    await expectAnswer(
      await ask("POST", "/api/events/", TOKEN.admin, EN, { title: "", location: 5, type: 1 }),
      400,
      { title: ["This field may not be blank."], location: ["Not a valid string."] },
      "en",
    );
  });

  it("an id of no object", async () => {
    await expectAnswer(await ask("POST", "/api/events/", TOKEN.admin, {}, { title: "Dienst", location: "Halle", type: 999 }), 400, { type: ['Ungültiger pk "999" - Object existiert nicht.'] }, "de");
  });

  it("required fields and a wrong type of id", async () => {
    await expectAnswer(
      await ask("POST", "/api/events/", TOKEN.admin, {}, { type: "1" }),
      400,
      { title: ["Dieses Feld ist zwingend erforderlich."], location: ["Dieses Feld ist zwingend erforderlich."], type: ["Falscher Typ. Erwarte pk-Wert, erhielt aber str."] },
      "de",
    );
  });
});

describe("django-filter's messages (Django's form fields)", () => {
  it("an unknown choice, a choice that is no id, an empty id", async () => {
    await expectAnswer(await ask("GET", "/api/participations/?state=9", TOKEN.admin), 400, { state: ["Bitte eine gültige Auswahl treffen. 9 ist keine gültige Auswahl."] }, "de");
    await expectAnswer(await ask("GET", "/api/events/?type=abc", TOKEN.admin), 400, { type: ["Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl."] }, "de");
    await expectAnswer(await ask("GET", "/api/participations/?event=", TOKEN.admin), 400, { event: ["„“ ist kein gültiger Wert."] }, "de");
    await expectAnswer(await ask("GET", "/api/participations/?event=999", TOKEN.admin), 400, { event: ["Bitte eine gültige Auswahl treffen. 999 ist keine gültige Auswahl."] }, "de");
  });

  it("the range filter's date/time", async () => {
    await expectAnswer(await ask("GET", "/api/events/?start_time_after=notadate", TOKEN.admin), 400, { start_time: ["Bitte ein gültiges Datum und Uhrzeit eingeben."] }, "de");
    await expectAnswer(await ask("GET", "/api/events/?start_time_after=notadate", TOKEN.admin, EN), 400, { start_time: ["Enter a valid date/time."] }, "en");
  });

  it("a NUL in search: the bare list", async () => {
    await expectAnswer(await ask("GET", "/api/events/?search=%00", TOKEN.admin), 400, ["Nullzeichen sind nicht erlaubt."], "de");
  });
});

describe("ephios's texts", () => {
  const labels = async (path: string, headers: Record<string, string> = {}) => {
    const response = await ask("GET", path, TOKEN.admin, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Language")).toBe(headers["Accept-Language"] ?? "de");
    const page = (await response.json()) as { results: { id: number; state: { value: number; label: string } }[] };
    return page.results.map((p) => [p.id, p.state.value, p.state.label]);
  };

  it("the participation states' labels", async () => {
    expect(await labels("/api/participations/")).toEqual([
      [1, 1, "bestätigt"],
      [2, 0, "angefragt"],
    ]);
    expect(await labels("/api/participations-userinfo/")).toEqual([
      [1, 1, "bestätigt"],
      [2, 0, "angefragt"],
      [3, 3, "abgelehnt durch verantwortliche Person"],
      [4, 2, "abgesagt durch helfende Person"],
      [5, 4, "in Zuteilung"],
    ]);
    expect(await labels("/api/participations-userinfo/", EN)).toEqual([
      [1, 1, "confirmed"],
      [2, 0, "requested"],
      [3, 3, "rejected by responsible"],
      [4, 2, "declined by user"],
      [5, 4, "getting dispatched"],
    ]);
  });

  it("the signup checkers' messages", async () => {
    await expectAnswer(await ask("POST", "/api/shifts/1/signup/", TOKEN.rejectedMe), 400, { non_field_errors: ["Ihre Teilnahme wurde abgelehnt."] }, "de");
    await expectAnswer(await ask("POST", "/api/shifts/1/decline/", TOKEN.volunteerMe), 400, { non_field_errors: ["Sie können sich nicht selbstständig abmelden."] }, "de");
    await expectAnswer(await ask("POST", "/api/shifts/1/decline/", TOKEN.volunteerMe, EN), 400, { non_field_errors: ["You cannot decline by yourself."] }, "en");
  });
});

describe("the language of a request", () => {
  const detail = async (headers: Record<string, string>) => {
    const response = await ask("GET", "/api/events/", undefined, headers);
    return [response.headers.get("Content-Language"), ((await response.json()) as { detail: string }).detail];
  };
  const GERMAN = ["de", "Anmeldedaten fehlen."];
  const ENGLISH = ["en", "Authentication credentials were not provided."];

  it.each([
    ["de", GERMAN],
    ["de-DE", GERMAN],
    ["en-US", ENGLISH],
    ["en-GB,en;q=0.9,de;q=0.8", ENGLISH],
    ["de;q=0.5, en;q=0.9", ENGLISH],
    ["en;q=0.5, de", GERMAN],
    ["fr-FR, fr;q=0.9, en;q=0.8", ENGLISH],
    ["fr, en;q=0", ENGLISH],
    ["fr", GERMAN],
    ["*", GERMAN],
    ["fr, *, en", GERMAN],
    ["en_US", GERMAN],
  ])("Accept-Language %j", async (header, expected) => {
    expect(await detail({ "Accept-Language": header })).toEqual(expected);
  });

  it("Django's language cookie comes first", async () => {
    expect(await detail({ Cookie: "django_language=en", "Accept-Language": "de" })).toEqual(ENGLISH);
    expect(await detail({ Cookie: "django_language=fr", "Accept-Language": "en" })).toEqual(ENGLISH);
  });

  it("the configured LANGUAGE_CODE is the default (the test configs set en), Accept-Language still chooses", async () => {
    const english = await request("/api/events/");
    expect(english.headers.get("Content-Language")).toBe("en");
    expect(await english.json()).toEqual({ detail: "Authentication credentials were not provided." });
    const german = await request("/api/events/", { headers: { "Accept-Language": "de" } });
    expect(german.headers.get("Content-Language")).toBe("de");
    expect(await german.json()).toEqual({ detail: "Anmeldedaten fehlen." });
  });

  it("pages stay English and claim no language", async () => {
    const page = await ask("GET", "/accounts/login/");
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(page.headers.get("Content-Language")).toBeNull();
    expect(await page.text()).toMatch(/<html lang="en"/);
  });

  it("an answer varies with Accept-Language", async () => {
    expect((await ask("GET", "/api/events/", TOKEN.admin)).headers.get("Vary")).toMatch(/\bAccept-Language\b/);
  });
});
