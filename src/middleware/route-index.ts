import type { RouterRoute } from "hono/types";
import { TrieRouter } from "hono/router/trie-router";
import { REFUSES_METHOD } from "../lib/http";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** The methods a DRF view writes into `Allow`, in DRF's order (its `http_method_names`). */
const DRF_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Which method and path combinations the app routes, built once from `app.routes` on first use
 * (after every route is registered). Middleware is registered for ALL methods and does not count.
 */
export class RouteIndex {
  private router: TrieRouter<boolean> | undefined;

  constructor(private readonly routes: () => RouterRoute[]) {}

  /** Each route's value: whether it only refuses its method (src/lib/api/method-refusals.ts). */
  private matches(method: string, path: string): boolean[] {
    if (!this.router) {
      const refusing = new Set<string>();
      for (const route of this.routes()) if ((route.handler as { [REFUSES_METHOD]?: boolean })[REFUSES_METHOD]) refusing.add(`${route.method} ${route.path}`);
      // TrieRouter accepts every pattern the app uses (RegExpRouter refuses `/me/` beside `/:id/`).
      this.router = new TrieRouter<boolean>();
      for (const route of this.routes()) if (route.method !== "ALL") this.router.add(route.method, route.path, refusing.has(`${route.method} ${route.path}`));
    }
    return this.router.match(method, path)[0].map(([refuses]) => refuses);
  }

  has(method: string, path: string): boolean {
    return this.matches(method, path).length > 0;
  }

  /** The methods a path answers to; empty when the path is not routed at all. */
  allowedMethods(path: string): string[] {
    return METHODS.filter((method) => this.has(method, path));
  }

  /**
   * `Allow` as DRF writes it for the view at `path`: the methods it handles (the first route a
   * request reaches is not a refusal), then HEAD beside GET and OPTIONS, which every DRF view
   * answers. Undefined when the path is not routed.
   */
  allowHeader(path: string): string | undefined {
    if (!this.allowedMethods(path).length) return undefined;
    const handled: string[] = DRF_METHODS.filter((method) => this.matches(method, path)[0] === false);
    return [...handled, ...(handled.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  }
}
