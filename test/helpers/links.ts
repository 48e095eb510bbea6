/**
 * Pagination links as DRF writes them. The server may add a signed `position` to `next` (it makes
 * the next page seek instead of skip: docs/performance.md); assertions about DRF's link compare
 * the rest of it, in the server's order.
 */
export function withoutPosition(link: string): string;
export function withoutPosition(link: string | null): string | null;
export function withoutPosition(link: string | null): string | null {
  if (link === null) return null;
  const [base, query = ""] = link.split("?");
  const kept = query.split("&").filter((field) => field && !field.startsWith("position="));
  return kept.length ? `${base}?${kept.join("&")}` : base;
}

/** An asymmetric matcher for a link equal to `expected` apart from `position`. */
export const pageLink = (expected: string) => ({
  $$typeof: Symbol.for("jest.asymmetricMatcher"),
  asymmetricMatch: (actual: unknown) => typeof actual === "string" && withoutPosition(actual) === expected,
  toString: () => "pageLink",
  toAsymmetricMatcher: () => `pageLink(${expected})`,
});
