import { writeSwaggerUiAssets } from "../../scripts/lib/swagger-ui-assets";

/** wrangler.toml's static assets must exist before workerd starts; wrangler's build step does not run under vitest. */
export default function setup(): void {
  writeSwaggerUiAssets();
}
