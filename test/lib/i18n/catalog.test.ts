/// <reference types="vite/types/import-meta.d.ts" />
// vite's types of import.meta.glob, which reads the sources below.
/**
 * The catalog (src/lib/i18n/catalog.ts) and the translation of texts as our code writes them: every
 * entry is used, its placeholders survive, values go into the German unchanged.
 */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../src/lib/i18n/catalog";
import { translate, translateBody } from "../../../src/lib/i18n/translate";

/** Every source file's text but the catalog's (vite reads them at build time; the Workers runtime has no file system). */
const SOURCES = Object.values(import.meta.glob<string>(["../../../src/**/*.{ts,tsx}", "!../../../src/lib/i18n/catalog.ts"], { query: "?raw", import: "default", eager: true }));

const PLACEHOLDER = /%\((\w+)\)[sd]|\{(\w*)\}/g;
const placeholders = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[0]).sort();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("the catalog", () => {
  it("is checked against the sources", () => {
    expect(SOURCES.length).toBeGreaterThan(100);
    expect(SOURCES.some((source) => source.includes("export const CATALOG"))).toBe(false);
  });

  it("has each msgid once", () => {
    const msgids = CATALOG.map((entry) => entry.msgid);
    expect(new Set(msgids).size).toBe(msgids.length);
  });

  it.each(CATALOG.map((entry) => [entry.msgid, entry]))("keeps the placeholders of %j in its German", (_msgid, entry) => {
    expect(placeholders(entry.de)).toEqual(placeholders(entry.msgid));
    expect(entry.de).not.toBe(entry.msgid);
  });

  // A dead entry would be a text no answer can carry: each msgid must be written somewhere in src,
  // a placeholder standing for a value or an interpolation on the same line.
  it.each(CATALOG.map((entry) => [entry.msgid]))("has its msgid %j written in src/", (msgid) => {
    const parts = msgid.split(PLACEHOLDER).filter((_part, i) => i % 3 === 0);
    const written = new RegExp(`["'\`]${parts.map(escape).join("[^\\n]*?")}["'\`]`);
    expect(SOURCES.some((source) => written.test(source))).toBe(true);
  });
});

describe("translate", () => {
  it("gives English back unchanged, and German for German", () => {
    expect(translate("en", "Not found.")).toBe("Not found.");
    expect(translate("de", "Not found.")).toBe("Nicht gefunden.");
    expect(translate("de", "declined by user")).toBe("abgesagt durch helfende Person");
  });

  it("fills the values it finds into the German, unchanged", () => {
    expect(translate("de", 'Method "PATCH" not allowed.')).toBe('Methode "PATCH" nicht erlaubt.');
    expect(translate("de", "Select a valid choice.   is not one of the available choices.")).toBe("Bitte eine gültige Auswahl treffen.   ist keine gültige Auswahl.");
    expect(translate("de", "“” is not a valid value.")).toBe("„“ ist kein gültiger Wert.");
    // A value that is itself a msgid stays as the client wrote it.
    expect(translate("de", '"Not found." is not a valid choice.')).toBe('"Not found." ist keine gültige Option.');
    expect(translate("de", "Request was throttled. Expected available in 1 second.")).toBe("Die Anfrage wurde gedrosselt. Erwarte Verfügbarkeit in 1 Sekunde.");
    expect(translate("de", "Request was throttled. Expected available in 30 seconds.")).toBe("Die Anfrage wurde gedrosselt. Erwarte Verfügbarkeit in 30 Sekunden.");
  });

  it("keeps the exact text of a msgid over a template it also fits", () => {
    expect(translate("de", "Select a valid choice. That choice is not one of the available choices.")).toBe("Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl.");
  });

  it("leaves texts without German, and texts that only contain a msgid, in English", () => {
    expect(translate("de", "No Event matches the given query.")).toBe("No Event matches the given query.");
    expect(translate("de", "Not found. Really.")).toBe("Not found. Really.");
    expect(translate("de", "This field is required")).toBe("This field is required");
  });
});

describe("translateBody", () => {
  it("translates the texts of every shape of error body and keeps its keys", () => {
    const body = { title: ["This field is required."], nested: { 0: { uuid: ["Must be a valid UUID."] } }, count: 3 };
    expect(translateBody("de", body)).toEqual({ title: ["Dieses Feld ist zwingend erforderlich."], nested: { 0: { uuid: ["Muss eine gültige UUID sein."] } }, count: 3 });
    expect(translateBody("de", ["Null characters are not allowed."])).toEqual(["Nullzeichen sind nicht erlaubt."]);
    expect(translateBody("de", { error: "invalid_request", error_description: "Missing redirect URI." })).toEqual({ error: "invalid_request", error_description: "Missing redirect URI." });
    expect(translateBody("en", body)).toBe(body);
  });
});
