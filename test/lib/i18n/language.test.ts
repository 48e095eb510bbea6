/**
 * The language choice as Django's `get_language_from_request` makes it with ephios's LANGUAGES
 * (de, en): each case is what a real ephios activates for that request.
 */
import { describe, expect, it } from "vitest";
import { chooseLanguage, languageCookie, parseAcceptLanguage } from "../../../src/lib/i18n/language";

const byHeader = (acceptLanguage: string | undefined, fallback: "de" | "en" = "de") => chooseLanguage({ acceptLanguage }, fallback);

describe("parseAcceptLanguage (Django's parse_accept_lang_header)", () => {
  it("lowercases the ranges and orders them by q-value, ties in header order", () => {
    expect(parseAcceptLanguage("fr-CH, fr;q=0.9, EN;q=0.8, de;q=0.7, *;q=0.5")).toEqual([
      { range: "fr-ch", q: 1 },
      { range: "fr", q: 0.9 },
      { range: "en", q: 0.8 },
      { range: "de", q: 0.7 },
      { range: "*", q: 0.5 },
    ]);
    expect(parseAcceptLanguage("de;q=0.5, en;q=0.5, fr")).toEqual([
      { range: "fr", q: 1 },
      { range: "de", q: 0.5 },
      { range: "en", q: 0.5 },
    ]);
  });

  it("keeps q=0 (Django tries it last) and reads 0. and 1. as numbers", () => {
    expect(parseAcceptLanguage("en;q=0, de;q=0.")).toEqual([
      { range: "en", q: 0 },
      { range: "de", q: 0 },
    ]);
    expect(parseAcceptLanguage("en;q=1.")).toEqual([{ range: "en", q: 1 }]);
  });

  it("allows white space around ';' and ',' and a trailing comma", () => {
    expect(parseAcceptLanguage("en ; q=0.3 ,de,")).toEqual([
      { range: "de", q: 1 },
      { range: "en", q: 0.3 },
    ]);
  });

  it.each([
    ["an underscore", "de_DE"],
    ["a q-value above 1", "en;q=1.5"],
    ["four decimals", "en;q=0.1234"],
    ["a subtag of nine characters", "en-abcdefghi"],
    ["a primary tag of nine letters", "abcdefghi"],
    ["a leading space", " en"],
    ["two commas", "de,,en"],
    ["a digit first", "1de"],
  ])("ignores the whole header with %s", (_name, header) => {
    expect(parseAcceptLanguage(`${header}, de`)).toEqual([]);
    expect(parseAcceptLanguage(header)).toEqual([]);
  });

  it("reads at most 500 characters, up to the last comma before them", () => {
    const filler = `${"x".repeat(8)},`.repeat(55); // 495 characters
    expect(parseAcceptLanguage(`${filler}en,de`).map((r) => r.range)).toEqual([...Array(55).fill("xxxxxxxx"), "en", "de"]);
    expect(parseAcceptLanguage(`${filler}en,de${"-abc".repeat(5)}`).map((r) => r.range)).toEqual([...Array(55).fill("xxxxxxxx"), "en"]);
    expect(parseAcceptLanguage(`en-${"a".repeat(600)}`)).toEqual([]);
  });
});

describe("chooseLanguage (Django's get_language_from_request)", () => {
  it("takes the configured language without a header, or with an empty one", () => {
    expect(byHeader(undefined)).toBe("de");
    expect(byHeader(undefined, "en")).toBe("en");
    expect(byHeader("", "en")).toBe("en");
  });

  it.each([
    ["en", "en"],
    ["de", "de"],
    ["en-US", "en"],
    ["de-DE", "de"],
    ["DE-at-1996", "de"],
    ["fr, en", "en"],
    ["fr;q=0.9, en;q=0.8, de;q=0.7", "en"],
    ["de;q=0.1, en", "en"],
    ["en;q=0.5, de;q=0.9", "de"],
    ["fr, en;q=0", "en"],
  ])("%j gives %s", (header, language) => {
    expect(byHeader(header, language === "de" ? "en" : "de")).toBe(language);
  });

  it("falls back to the configured language when nothing supported is asked for", () => {
    expect(byHeader("fr, it;q=0.8")).toBe("de");
    expect(byHeader("fr, it;q=0.8", "en")).toBe("en");
    // A subtag is no language of its own: "en" is not found in "x-en" nor "deu".
    expect(byHeader("x-en, deu", "de")).toBe("de");
  });

  it("stops at '*': the ranges after it are not looked at", () => {
    expect(byHeader("*", "de")).toBe("de");
    expect(byHeader("fr, *, en", "de")).toBe("de");
    expect(byHeader("fr, *;q=0.1, en;q=0.5", "de")).toBe("en");
  });

  it("ignores a malformed header as a whole", () => {
    expect(byHeader("en_US", "de")).toBe("de");
    expect(byHeader("en, de_DE", "de")).toBe("de");
  });

  it("prefers the django_language cookie to the header, when it names one of the languages", () => {
    expect(chooseLanguage({ cookie: "django_language=en", acceptLanguage: "de" }, "de")).toBe("en");
    expect(chooseLanguage({ cookie: "other=1; django_language=en-GB", acceptLanguage: "de" }, "de")).toBe("en");
    expect(chooseLanguage({ cookie: "django_language=fr", acceptLanguage: "en" }, "de")).toBe("en");
    expect(chooseLanguage({ cookie: "django_language=", acceptLanguage: "en" }, "de")).toBe("en");
    expect(chooseLanguage({ cookie: "django_language=en_US" }, "de")).toBe("de");
  });
});

describe("languageCookie (Django's parse_cookie)", () => {
  it("reads the last cookie of the name, trimmed and unquoted", () => {
    expect(languageCookie(undefined)).toBeUndefined();
    expect(languageCookie("session=abc")).toBeUndefined();
    expect(languageCookie("django_language=de; django_language=en")).toBe("en");
    expect(languageCookie(' django_language = "en" ')).toBe("en");
    expect(languageCookie('django_language="\\145n"')).toBe("en");
  });
});
