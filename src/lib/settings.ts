import { z } from "zod";
import { assertTimeZone } from "./datetime";
import { LANGUAGES, type Language } from "./i18n/language";

/**
 * The instance's configuration: the plain vars of the Worker's environment (wrangler.toml
 * `[vars]`, secrets, .dev.vars), checked once and read only through `settingsOf`. Bindings (DB,
 * KV) stay on the environment.
 */
export type Settings = Readonly<{
  /** Public base URL, an origin without a trailing slash (`https://ephios.example.org`). */
  siteUrl: string;
  /** IANA zone for rendering datetimes and reading naive ones. */
  timeZone: string;
  secretKey: string;
  /** This instance's name, on its pages and towards federated instances. */
  organizationName: string;
  /** D1 figures in the Server-Timing header (src/middleware/server-timing.ts). */
  serverTiming: boolean;
  /** The language of answers to requests that ask for none of ours (src/lib/i18n/language.ts). */
  languageCode: Language;
}>;

const DEFAULT_TIME_ZONE = "Europe/Berlin";
/** ephios's LANGUAGE_CODE. */
const DEFAULT_LANGUAGE: Language = "de";

/** Keys of 32 random bytes or more: a shorter secret is either a placeholder or guessable. */
export const SECRET_KEY_MIN_LENGTH = 32;

/** A misconfigured environment; its message names the vars and never shows a secret. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(" "));
    this.name = "SettingsError";
  }
}

const text = (name: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${name} is not set.` : `${name} must be a string.`) });

/**
 * Every route lives at the root of this Worker and URLs are built as `${siteUrl}/path/`, so only
 * an http(s) origin fits; trailing slashes are dropped.
 */
function siteUrlProblem(value: string, stripped: string): string | null {
  const shown = `SITE_URL ${JSON.stringify(value)}`;
  // The URL parser would drop them silently, but they would stay in every URL built from it.
  if (/\s/.test(value) || [...value].some((char) => char < " " || char === "\x7f")) return `${shown} contains white space or control characters.`;
  if (!URL.canParse(stripped)) return `${shown} is not an absolute URL.`;
  const url = new URL(stripped);
  if (url.protocol !== "https:" && url.protocol !== "http:") return `${shown} must start with https:// or http://.`;
  if (url.href !== new URL(url.origin).href) return `${shown} must be an origin alone (scheme, host, optional port), without user, path, query or fragment.`;
  return null;
}

function isTimeZone(value: string): boolean {
  try {
    assertTimeZone(value);
    return true;
  } catch {
    return false;
  }
}

const settingsSchema = z
  .object({
    SITE_URL: text("SITE_URL").transform((value, ctx) => {
      const siteUrl = value.replace(/\/+$/, "");
      const problem = siteUrlProblem(value, siteUrl);
      if (problem === null) return siteUrl;
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }),
    TIME_ZONE: text("TIME_ZONE")
      .default(DEFAULT_TIME_ZONE)
      .refine(isTimeZone, { error: (issue) => `TIME_ZONE ${JSON.stringify(issue.input)} is not a time zone this runtime knows (an IANA name such as ${DEFAULT_TIME_ZONE}).` }),
    SECRET_KEY: text("SECRET_KEY").min(SECRET_KEY_MIN_LENGTH, `SECRET_KEY is shorter than ${SECRET_KEY_MIN_LENGTH} characters.`),
    ORGANIZATION_NAME: text("ORGANIZATION_NAME").refine((value) => value.trim() !== "", "ORGANIZATION_NAME is empty."),
    // Off unless exactly "on": a deployed instance must not send row counts by accident.
    SERVER_TIMING: z.unknown().optional().transform((value) => value === "on"),
    LANGUAGE_CODE: z
      .enum(LANGUAGES, { error: (issue) => `LANGUAGE_CODE ${JSON.stringify(issue.input)} is not one of ${LANGUAGES.join(", ")}.` })
      .default(DEFAULT_LANGUAGE),
  })
  .transform(
    (vars): Settings =>
      Object.freeze({
        siteUrl: vars.SITE_URL,
        timeZone: vars.TIME_ZONE,
        secretKey: vars.SECRET_KEY,
        organizationName: vars.ORGANIZATION_NAME,
        serverTiming: vars.SERVER_TIMING,
        languageCode: vars.LANGUAGE_CODE,
      }),
  );

/** The vars the settings are read from; an environment (`Env`) is one. */
export type SettingsVars = { readonly [name in "SITE_URL" | "TIME_ZONE" | "SECRET_KEY" | "ORGANIZATION_NAME" | "SERVER_TIMING" | "LANGUAGE_CODE"]?: unknown };

// Keyed by the environment object: parsed once for it, and a test's altered copy is parsed on its own.
const parsed = new WeakMap<SettingsVars, Settings | SettingsError>();

/**
 * The settings of `env`, parsed on first use and then cached; throws a SettingsError (the same one
 * each time) when a var is missing or malformed. Requests get them as `c.var.settings`
 * (src/middleware/settings.ts); scripts and scheduled code call this directly.
 */
export function settingsOf(env: SettingsVars): Settings {
  let settings = parsed.get(env);
  if (settings === undefined) {
    const result = settingsSchema.safeParse(env);
    settings = result.success ? result.data : new SettingsError(result.error.issues.map((issue) => issue.message));
    parsed.set(env, settings);
  }
  if (settings instanceof SettingsError) throw settings;
  return settings;
}
