/**
 * The build step of wrangler.toml ([build]): copies Swagger UI's files from node_modules into the
 * Worker's static assets (scripts/lib/swagger-ui-assets.ts).
 */
import { writeSwaggerUiAssets } from "./lib/swagger-ui-assets";

writeSwaggerUiAssets();
