import type { RouterRoute } from "hono/types";
import { TrieRouter } from "hono/router/trie-router";
import { type Access, accessOf } from "../auth/access";
import { REFUSES_METHOD } from "../lib/http";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** The methods a DRF view writes into `Allow`, in DRF's order (its `http_method_names`). */
const DRF_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Which method and path combinations the app routes, built once from `app.routes` on first use
 * (after every route is registered). Middleware is registered for ALL methods and does not count.
 */
/** What the index keeps of each handler a route registers. */
interface Entry {
  /** The route's pattern, as registered (`/api/events/:id/`). */
  pattern: string;
  /** Whether the route only refuses its method (src/lib/api/method-refusals.ts). */
  refuses: boolean;
  /** The access guard, if this handler is one. */
  access: Access | undefined;
}

export class RouteIndex {
  private router: TrieRouter<Entry> | undefined;

  constructor(private readonly routes: () => RouterRoute[]) {}

  /** The handlers a request of `method` at `path` would reach, in the order it reaches them. */
  private entries(method: string, path: string): Entry[] {
    if (!this.router) {
      const refusing = new Set<string>();
      for (const route of this.routes()) if ((route.handler as { [REFUSES_METHOD]?: boolean })[REFUSES_METHOD]) refusing.add(`${route.method} ${route.path}`);
      // TrieRouter accepts every pattern the app uses (RegExpRouter refuses `/me/` beside `/:id/`).
      this.router = new TrieRouter<Entry>();
      for (const route of this.routes()) {
        if (route.method === "ALL") continue;
        this.router.add(route.method, route.path, { pattern: route.path, refuses: refusing.has(`${route.method} ${route.path}`), access: accessOf(route.handler) });
      }
    }
    return this.router.match(method, path)[0].map(([entry]) => entry);
  }

  private matches(method: string, path: string): boolean[] {
    return this.entries(method, path).map((entry) => entry.refuses);
  }

  /** The patterns of the routes `path` matches (for `methods`), the one a request reaches first first. */
  patterns(path: string, methods: readonly string[] = METHODS): string[] {
    const found = methods.flatMap((method) => this.entries(method, path).map((entry) => entry.pattern));
    return [...new Set(found)];
  }

  /**
   * The access guard of the view at `path`: the one its GET runs, else that of its first method in
   * DRF's order (a DRF view has one set of permission classes for all its methods).
   */
  access(path: string): Access | undefined {
    for (const method of ["GET", ...DRF_METHODS]) {
      const access = this.entries(method, path).find((entry) => entry.access)?.access;
      if (access) return access;
    }
    return undefined;
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
