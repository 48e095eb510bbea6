import { createMiddleware } from "hono/factory";
import { settingsOf } from "../lib/settings";
import type { AppEnv } from "../types";

/**
 * Puts the instance's settings on `c.var.settings`. First in the chain: with a missing or
 * malformed var every request ends here, with a SettingsError that `onError` answers as a 500
 * naming the var, instead of failing somewhere inside a handler.
 */
export const settings = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set("settings", settingsOf(c.env));
    await next();
  });
