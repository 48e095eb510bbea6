/**
 * Review of issue 12: no page of ours can be framed by another site (a consent or "Stop sharing"
 * button under a decoy). Every answer of every GET route, to every kind of caller, carries
 * X-Frame-Options DENY and CSP frame-ancestors 'none' (X-Frame-Options alone is obsolete for
 * browsers that follow CSP). The reproduction: only the OAuth consent page sent frame-ancestors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type RouteAnswer, routeAnswers } from "../helpers/routes";

let answers: RouteAnswer[];

beforeAll(async () => {
  answers = await routeAnswers();
});

describe("framing", () => {
  it("walks pages that answer, not only errors", () => {
    const pages = answers.filter((a) => a.status === 200 && a.headers.get("Content-Type")?.startsWith("text/html"));
    expect(pages.length).toBeGreaterThan(15);
  });

  it("every answer forbids framing", () => {
    for (const { caller, path, status, headers } of answers) {
      const label = `${caller} GET ${path} (${status})`;
      expect(headers.get("X-Frame-Options"), label).toBe("DENY");
      expect(headers.get("Content-Security-Policy"), label).toMatch(/(^|;\s*)frame-ancestors 'none'(;|$)/);
    }
  });
});
