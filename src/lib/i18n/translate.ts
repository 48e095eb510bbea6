/**
 * Translating the texts of answers. Our code writes every text in English, as the libraries'
 * msgids are; the one error writer (src/middleware/error-handler.tsx) and the serializers with
 * translated choice labels turn them into the answer's language here. The catalog is compiled once,
 * when the module loads: a text without placeholders is a map lookup, one with placeholders is
 * matched against the few templates that start as it does.
 */
import { CATALOG } from "./catalog";
import type { Language } from "./language";

/** `%(name)s` / `%(name)d` (Django), `{name}` and `{}` (DRF and ephios, str.format). */
const PLACEHOLDER = /%\((\w+)\)[sd]|\{(\w*)\}/g;

/** A msgid with placeholders: the English it produces is matched to recover the values. */
interface Template {
  /** The text before the first placeholder, for a cheap first check. */
  prefix: string;
  pattern: RegExp;
  names: string[];
  de: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function compile(msgid: string, de: string): Template {
  const names: string[] = [];
  let source = "";
  let last = 0;
  for (const match of msgid.matchAll(PLACEHOLDER)) {
    source += `${escapeRegExp(msgid.slice(last, match.index))}([\\s\\S]*?)`;
    names.push(match[1] ?? match[2]);
    last = match.index + match[0].length;
  }
  const prefix = msgid.slice(0, msgid.search(PLACEHOLDER));
  return { prefix, pattern: new RegExp(`^${source}${escapeRegExp(msgid.slice(last))}$`), names, de };
}

const fixed = new Map<string, string>();
const templates: Template[] = [];
for (const { msgid, de } of CATALOG) {
  if (msgid.search(PLACEHOLDER) < 0) fixed.set(msgid, de);
  else templates.push(compile(msgid, de));
}

/** `text` with its placeholders filled in from `params`. */
const format = (text: string, params: Readonly<Record<string, string>>) => text.replace(PLACEHOLDER, (whole, ...groups: (string | undefined)[]) => params[groups[0] ?? groups[1] ?? ""] ?? whole);

/**
 * An English text as our code writes it (a msgid, its placeholders filled in) in `language`. The
 * values are found by matching the msgid and go into the German unchanged; a text without German
 * stays English.
 */
export function translate(language: Language, text: string): string {
  if (language !== "de") return text;
  const exact = fixed.get(text);
  if (exact !== undefined) return exact;
  for (const template of templates) {
    if (!text.startsWith(template.prefix)) continue;
    const match = template.pattern.exec(text);
    if (match) return format(template.de, Object.fromEntries(template.names.map((name, i) => [name, match[i + 1]])));
  }
  return text;
}

/** An error body (`{"detail": …}`, field-keyed lists, a bare list) with every text in `language`; keys stay. */
export function translateBody<T>(language: Language, body: T): T {
  if (language !== "de") return body;
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return translate(language, value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  return walk(body) as T;
}
