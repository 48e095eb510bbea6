/**
 * The Swagger UI page runs only what this Worker serves: its script and stylesheet are the files of
 * the installed swagger-ui-dist, served from this origin's static assets under a versioned path,
 * and its Content-Security-Policy allows no script from anywhere else. (That the page then lists
 * the operations in a browser without internet: test/e2e/pages.test.ts.)
 */
import { createHash } from "node:crypto";
import { env } from "cloudflare:workers";
import { version } from "swagger-ui-dist/package.json";
import bundle from "swagger-ui-dist/swagger-ui-bundle.js?raw";
import stylesheet from "swagger-ui-dist/swagger-ui.css?raw";
import { beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, request } from "../helpers/http";

let page: Response;
let text: string;

beforeAll(async () => {
  page = await request("/api/schema/swagger-ui/");
  text = await page.text();
});

/** Every `src` and `href` of the page. */
const references = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]*)"/gi)].map((match) => match[1]);

/** The Worker's static assets answer before the Worker; tests reach them only through their binding. */
const asset = (path: string) => env.ASSETS.fetch(new URL(path, ORIGIN));

/** The directives of a Content-Security-Policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe("the Swagger UI page", () => {
  it("links only files of this origin, under swagger-ui-dist's version", () => {
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    const links = references(text);
    expect(links).toEqual([`/api/schema/swagger-ui/${version}/swagger-ui.css`, `/api/schema/swagger-ui/${version}/swagger-ui-bundle.js`]);
    for (const link of links) expect(new URL(link, ORIGIN).origin).toBe(ORIGIN);
  });

  it("starts Swagger UI on this Worker's document, keeping the authorization across reloads", () => {
    const inline = [...text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
    expect(inline).toEqual([`window.ui = SwaggerUIBundle({"url":"/api/schema/?format=json","dom_id":"#swagger-ui","persistAuthorization":true});`]);
  });

  it("allows scripts of this origin and the hash of its own inline script, nothing else", () => {
    const policy = directives(page.headers.get("Content-Security-Policy") ?? "");
    const inline = /<script>([\s\S]*?)<\/script>/.exec(text)![1];
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toEqual(["'self'", `'sha256-${createHash("sha256").update(inline).digest("base64")}'`]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  });
});

describe("Swagger UI's files", () => {
  it("are the installed swagger-ui-dist's, with their content type, cached for good", async () => {
    const expected = [
      { name: "swagger-ui-bundle.js", type: /^text\/javascript/, content: bundle },
      { name: "swagger-ui.css", type: /^text\/css/, content: stylesheet },
    ];
    for (const { name, type, content } of expected) {
      const response = await asset(`/api/schema/swagger-ui/${version}/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get("Content-Type"), name).toMatch(type);
      expect(response.headers.get("Cache-Control"), name).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("X-Content-Type-Options"), name).toBe("nosniff");
      expect(await response.text(), name).toBe(content);
    }
  });

  it("are only those the page needs and their licenses: not the package's demo page or initializer", async () => {
    for (const name of ["LICENSE.txt", "NOTICE.txt", "swagger-ui-bundle.js.LICENSE.txt"]) {
      const response = await asset(`/api/schema/swagger-ui/${version}/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get("Content-Type"), name).toMatch(/^text\/plain/);
    }
    for (const name of ["index.html", "swagger-initializer.js", "swagger-ui.js", "swagger-ui-bundle.js.map"]) {
      expect((await asset(`/api/schema/swagger-ui/${version}/${name}`)).status, name).toBe(404);
    }
    expect((await asset("/_headers")).status).toBe(404);
  });
});
