import { createHash } from "node:crypto";
import { html, raw } from "hono/html";
import { version } from "swagger-ui-dist/package.json";

/**
 * Where this Worker's static assets serve the files of the installed swagger-ui-dist (wrangler.toml,
 * [assets]; scripts/lib/swagger-ui-assets.ts copies them there). Cloudflare answers these paths
 * before the Worker runs. The version is in the path, so browsers keep the files for good: another
 * version is another URL.
 */
export const SWAGGER_UI_PATH = `/api/schema/swagger-ui/${version}/`;
export const SWAGGER_UI_SCRIPT = "swagger-ui-bundle.js";
export const SWAGGER_UI_STYLESHEET = "swagger-ui.css";

/**
 * The page runs scripts of this origin only: Swagger UI's bundle and the inline call that starts it,
 * allowed by its hash (`<` escaped, so no value can end the script element). The rest of the
 * policy is what Swagger UI needs: its stylesheet, its data: icons, the document and "Try it out"
 * requests to this origin. Nothing may frame it, as every page (src/app.ts).
 */
export function swaggerPage(documentUrl: string) {
  const options = JSON.stringify({ url: documentUrl, dom_id: "#swagger-ui", persistAuthorization: true }).replace(/</g, "\\u003c");
  const init = `window.ui = SwaggerUIBundle(${options});`;
  const initHash = createHash("sha256").update(init).digest("base64");
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src 'self' 'sha256-${initHash}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  const body = html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>ephios API – Swagger UI</title>
    <link rel="stylesheet" href="${SWAGGER_UI_PATH}${SWAGGER_UI_STYLESHEET}" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${SWAGGER_UI_PATH}${SWAGGER_UI_SCRIPT}"></script>
    <script>${raw(init)}</script>
  </body>
</html>`;
  return { body, contentSecurityPolicy };
}
