import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SECRET_KEY_MIN_LENGTH, SettingsError, settingsOf } from "../../src/lib/settings";

const VALID = {
  SITE_URL: "https://ephios.example.org",
  TIME_ZONE: "America/New_York",
  SECRET_KEY: "k".repeat(SECRET_KEY_MIN_LENGTH),
  ORGANIZATION_NAME: "Example Org",
  SERVER_TIMING: "on",
};

/** The error settingsOf throws for these vars. */
function failure(vars: Record<string, unknown>): SettingsError {
  try {
    settingsOf(vars);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error("the vars were accepted");
}

const problems = (vars: Record<string, unknown>) => failure(vars).problems;

describe("settingsOf", () => {
  it("reads valid vars into frozen settings", () => {
    const settings = settingsOf({ ...VALID });
    expect(settings).toEqual({
      siteUrl: "https://ephios.example.org",
      timeZone: "America/New_York",
      secretKey: VALID.SECRET_KEY,
      organizationName: "Example Org",
      serverTiming: true,
      languageCode: "de",
    });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it("reads the test environment", () => {
    // LANGUAGE_CODE: wrangler.toml's "de" is overridden by vitest.config.ts for the English assertions.
    expect(settingsOf(env)).toMatchObject({ siteUrl: env.SITE_URL, timeZone: "Europe/Berlin", secretKey: env.SECRET_KEY, serverTiming: true, languageCode: "en" });
  });

  it("parses an environment once", () => {
    const vars = { ...VALID };
    expect(settingsOf(vars)).toBe(settingsOf(vars));
    const broken = { ...VALID, TIME_ZONE: "Nowhere/Land" };
    // The same error again, not a second parse.
    expect(failure(broken)).toBe(failure(broken));
  });

  it.each([
    ["one trailing slash", "https://ephios.example.org/", "https://ephios.example.org"],
    ["several", "https://ephios.example.org///", "https://ephios.example.org"],
    ["a port", "http://127.0.0.1:8787/", "http://127.0.0.1:8787"],
  ])("drops %s from SITE_URL", (_name, value, siteUrl) => {
    expect(settingsOf({ ...VALID, SITE_URL: value }).siteUrl).toBe(siteUrl);
  });

  it.each([
    ["missing", undefined, "SITE_URL is not set."],
    ["empty", "", 'SITE_URL "" is not an absolute URL.'],
    ["relative", "ephios.example.org", 'SITE_URL "ephios.example.org" is not an absolute URL.'],
    ["not a URL", "https://exa%mple.org", 'SITE_URL "https://exa%mple.org" is not an absolute URL.'],
    ["padded with a space", "https://ephios.example.org ", 'SITE_URL "https://ephios.example.org " contains white space or control characters.'],
    ["broken by a tab", "https://ephios.exa\tmple.org", 'SITE_URL "https://ephios.exa\\tmple.org" contains white space or control characters.'],
    ["ftp", "ftp://ephios.example.org", 'SITE_URL "ftp://ephios.example.org" must start with https:// or http://.'],
    ["javascript", "javascript:alert(1)", 'SITE_URL "javascript:alert(1)" must start with https:// or http://.'],
  ])("refuses a SITE_URL that is %s", (_name, value, message) => {
    expect(problems({ ...VALID, SITE_URL: value })).toEqual([message]);
  });

  it.each(["https://ephios.example.org/ephios", "https://ephios.example.org/?x=1", "https://ephios.example.org?", "https://ephios.example.org/#top", "https://admin@ephios.example.org"])(
    "refuses a SITE_URL that is more than an origin: %s",
    (value) => {
      expect(problems({ ...VALID, SITE_URL: value })).toEqual([`SITE_URL ${JSON.stringify(value)} must be an origin alone (scheme, host, optional port), without user, path, query or fragment.`]);
    },
  );

  it("defaults TIME_ZONE to Europe/Berlin", () => {
    expect(settingsOf({ ...VALID, TIME_ZONE: undefined }).timeZone).toBe("Europe/Berlin");
  });

  it.each(["Mars/Olympus_Mons", "", "Europe/Berlin "])("refuses the TIME_ZONE %j", (value) => {
    expect(problems({ ...VALID, TIME_ZONE: value })).toEqual([`TIME_ZONE ${JSON.stringify(value)} is not a time zone this runtime knows (an IANA name such as Europe/Berlin).`]);
  });

  it("refuses a missing or short SECRET_KEY without showing it", () => {
    expect(problems({ ...VALID, SECRET_KEY: undefined })).toEqual(["SECRET_KEY is not set."]);
    const short = "s3cret-".repeat(4);
    expect(short.length).toBeLessThan(SECRET_KEY_MIN_LENGTH);
    const found = problems({ ...VALID, SECRET_KEY: short });
    expect(found).toEqual([`SECRET_KEY is shorter than ${SECRET_KEY_MIN_LENGTH} characters.`]);
    expect(found.join(" ")).not.toContain("s3cret");
  });

  it("refuses a missing or blank ORGANIZATION_NAME", () => {
    expect(problems({ ...VALID, ORGANIZATION_NAME: undefined })).toEqual(["ORGANIZATION_NAME is not set."]);
    expect(problems({ ...VALID, ORGANIZATION_NAME: " " })).toEqual(["ORGANIZATION_NAME is empty."]);
  });

  it.each([undefined, "", "off", "ON", "true", 1])("reads SERVER_TIMING %j as off", (value) => {
    expect(settingsOf({ ...VALID, SERVER_TIMING: value }).serverTiming).toBe(false);
  });

  it("defaults LANGUAGE_CODE to German, as ephios", () => {
    expect(settingsOf({ ...VALID, LANGUAGE_CODE: undefined }).languageCode).toBe("de");
    expect(settingsOf({ ...VALID, LANGUAGE_CODE: "en" }).languageCode).toBe("en");
  });

  it.each(["", "fr", "DE", "de-DE", "de "])("refuses the LANGUAGE_CODE %j", (value) => {
    expect(problems({ ...VALID, LANGUAGE_CODE: value })).toEqual([`LANGUAGE_CODE ${JSON.stringify(value)} is not one of de, en.`]);
  });

  it("names every problem at once", () => {
    const error = failure({ TIME_ZONE: "Nowhere/Land", SECRET_KEY: 42 });
    expect(error.problems).toEqual([
      "SITE_URL is not set.",
      'TIME_ZONE "Nowhere/Land" is not a time zone this runtime knows (an IANA name such as Europe/Berlin).',
      "SECRET_KEY must be a string.",
      "ORGANIZATION_NAME is not set.",
    ]);
    expect(error.message).toBe(error.problems.join(" "));
  });
});
