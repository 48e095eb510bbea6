/**
 * Review of issue 12: a script that a page of ours loads from another site runs with our origin's
 * rights (same-origin requests with the session cookie pass the CSRF check). The reproduction: the
 * Swagger UI page loaded its script and stylesheet from a CDN without Subresource Integrity, so
 * whoever controls the CDN's answer controlled a logged-in user's session. Now every script and
 * stylesheet of every page that comes from elsewhere is pinned by its hash.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ORIGIN } from "../helpers/http";
import { type RouteAnswer, routeAnswers } from "../helpers/routes";

let answers: RouteAnswer[];

beforeAll(async () => {
  answers = await routeAnswers();
});

/** The `<script src>` and `<link href>` tags of a page that load from another origin. */
function foreignSubresources(html: string): string[] {
  return [...html.matchAll(/<(script|link)\b[^>]*>/gi)].map((match) => match[0]).filter((tag) => {
    const url = /\b(?:src|href)="([^"]*)"/i.exec(tag)?.[1];
    return url !== undefined && new URL(url, ORIGIN).origin !== ORIGIN;
  });
}

describe("scripts and stylesheets from other sites", () => {
  it("are found on the Swagger UI page", () => {
    const swagger = answers.find((a) => a.path === "/api/schema/swagger-ui/")!;
    expect(foreignSubresources(swagger.html)).toHaveLength(2);
  });

  it("carry an integrity hash and are fetched without credentials", () => {
    for (const { caller, path, html } of answers) {
      for (const tag of foreignSubresources(html)) {
        expect(tag, `${caller} GET ${path}`).toMatch(/\bintegrity="sha(256|384|512)-[A-Za-z0-9+/]+={0,2}"/);
        expect(tag, `${caller} GET ${path}`).toMatch(/\bcrossorigin="anonymous"/);
      }
    }
  });
});
