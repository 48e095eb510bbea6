/**
 * A YAML emitter for JSON data (the OpenAPI document). Strings are written double-quoted with
 * JSON's escapes, which YAML reads the same way, so every value round-trips exactly.
 */
const PLAIN_KEY = /^[A-Za-z_$/][A-Za-z0-9_$./{}-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

const key = (k: string) => (PLAIN_KEY.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k));

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

const isCollection = (v: unknown): v is object => typeof v === "object" && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);

function emit(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (!isCollection(item)) return [`${indent}- ${inline(item)}`];
      const [first, ...rest] = emit(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) => (isCollection(v) ? [`${indent}${key(k)}:`, ...emit(v, `${indent}  `)] : [`${indent}${key(k)}: ${inline(v)}`]));
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return "[]";
  if (typeof value === "object" && value !== null) return "{}";
  return scalar(value);
}

export function toYaml(value: unknown): string {
  return isCollection(value) ? `${emit(value, "").join("\n")}\n` : `${inline(value)}\n`;
}
