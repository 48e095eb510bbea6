import { createMiddleware } from "hono/factory";
import { chooseLanguage } from "../lib/i18n/language";
import type { AppEnv } from "../types";
import { mergeVary } from "./drf-headers";

/**
 * Puts the answer's language on `c.var.language`, as Django's LocaleMiddleware activates it for
 * the request: the texts of errors and choice labels follow it (src/lib/i18n/translate.ts). As
 * LocaleMiddleware, it says so in `Content-Language` and varies with `Accept-Language`; but not on
 * HTML pages, which are English whatever was asked for (docs/compatibility.md).
 */
export const language = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("language", chooseLanguage({ cookie: c.req.header("Cookie"), acceptLanguage: c.req.header("Accept-Language") }, c.var.settings.languageCode));
    await next();
    const headers = c.res.headers;
    if (/^text\/html\b/i.test(headers.get("Content-Type") ?? "")) return;
    if (!headers.has("Content-Language")) headers.set("Content-Language", c.var.language);
    mergeVary(headers, ["Accept-Language"]);
  });
