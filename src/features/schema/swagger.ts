import { html } from "hono/html";

/**
 * Pinned Swagger UI from a CDN. The files run on our origin (with the session cookie's rights), so
 * each is pinned by its hash (Subresource Integrity): a changed file is refused by the browser. The
 * hashes are SHA-384 of the files in the npm package swagger-ui-dist at this version; change them
 * with the version (`npm pack swagger-ui-dist@<version>`, then
 * `openssl dgst -sha384 -binary <file> | base64`).
 */
const SWAGGER_UI = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.17.14";
const SCRIPT_INTEGRITY = "sha384-wmyclcVGX/WhUkdkATwhaK1X1JtiNrr2EoYJ+diV3vj4v6OC5yCeSu+yW13SYJep";
const STYLESHEET_INTEGRITY = "sha384-wxLW6kwyHktdDGr6Pv1zgm/VGJh99lfUbzSn6HNHBENZlCN7W602k9VkGdxuFvPn";

export const swaggerPage = (documentUrl: string) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>ephios API – Swagger UI</title>
    <link rel="stylesheet" href="${SWAGGER_UI}/swagger-ui.css" integrity="${STYLESHEET_INTEGRITY}" crossorigin="anonymous" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${SWAGGER_UI}/swagger-ui-bundle.js" integrity="${SCRIPT_INTEGRITY}" crossorigin="anonymous"></script>
    <script>
      window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: "#swagger-ui", persistAuthorization: true });
    </script>
  </body>
</html>`;
