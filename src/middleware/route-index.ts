import type { RouterRoute } from "hono/types";
import { TrieRouter } from "hono/router/trie-router";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/**
 * Which method and path combinations the app routes, built once from `app.routes` on first use
 * (after every route is registered). Middleware is registered for ALL methods and does not count.
 */
export class RouteIndex {
  private router: TrieRouter<true> | undefined;

  constructor(private readonly routes: () => RouterRoute[]) {}

  has(method: string, path: string): boolean {
    if (!this.router) {
      // TrieRouter accepts every pattern the app uses (RegExpRouter refuses `/me/` beside `/:id/`).
      this.router = new TrieRouter<true>();
      for (const route of this.routes()) if (route.method !== "ALL") this.router.add(route.method, route.path, true);
    }
    return this.router.match(method, path)[0].length > 0;
  }

  /** The methods a path answers to; empty when the path is not routed at all. */
  allowedMethods(path: string): string[] {
    return METHODS.filter((method) => this.has(method, path));
  }
}
