/**
 * Review of issue 12: a script that a page of ours loads from another site runs with our origin's
 * rights (same-origin requests with the session cookie pass the CSRF check). The reproduction: the
 * Swagger UI page loaded its script and stylesheet from a CDN without Subresource Integrity, so
 * whoever controls the CDN's answer controlled a logged-in user's session. Now no page loads a
 * script or stylesheet from elsewhere: this Worker serves Swagger UI's files itself
 * (test/app/swagger-ui.test.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ORIGIN } from "../helpers/http";
import { type RouteAnswer, routeAnswers } from "../helpers/routes";

let answers: RouteAnswer[];

beforeAll(async () => {
  answers = await routeAnswers();
});

/** Where the `<script src>` and `<link href>` tags of a page load from. */
function subresources(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*>/gi)].flatMap((match) => /\b(?:src|href)="([^"]*)"/i.exec(match[0])?.[1] ?? []);
}

describe("scripts and stylesheets of pages", () => {
  it("are found on the Swagger UI page", () => {
    const swagger = answers.find((a) => a.path === "/api/schema/swagger-ui/")!;
    expect(subresources(swagger.html)).toHaveLength(2);
  });

  it("come from this origin only", () => {
    for (const { caller, path, html } of answers) {
      for (const url of subresources(html)) expect(new URL(url, ORIGIN).origin, `${caller} GET ${path}: ${url}`).toBe(ORIGIN);
    }
  });
});
