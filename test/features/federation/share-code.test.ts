import { describe, expect, it } from "vitest";
import { decodeShareCode, encodeShareCode } from "../../../src/features/federation/share-code";

// Made by Python exactly as ephios does: base64.b64encode(json.dumps({...}).encode()).
const FROM_EPHIOS = "eyJndWVzdF91cmwiOiAiaHR0cHM6Ly9iLmV4YW1wbGUiLCAiY29kZSI6ICJhYjEyIiwgImhvc3RfdXJsIjogImh0dHBzOi8vXHUwMGU0LmV4YW1wbGUifQ==";
const SHARE = { guest_url: "https://b.example", code: "ab12", host_url: "https://ä.example" };

describe("share string", () => {
  it("is byte for byte what ephios writes, and reads what ephios writes", () => {
    expect(encodeShareCode(SHARE)).toBe(FROM_EPHIOS);
    expect(decodeShareCode(FROM_EPHIOS)).toEqual(SHARE);
  });

  it("tolerates surrounding and embedded whitespace (pasted codes)", () => {
    expect(decodeShareCode(` ${FROM_EPHIOS.slice(0, 20)}\n${FROM_EPHIOS.slice(20)} `)).toEqual(SHARE);
  });

  it.each([
    ["not Base64", "%%%"],
    ["empty", ""],
    ["Base64 of no JSON", btoa("hello")],
    ["a JSON array", btoa("[1]")],
    ["JSON null", btoa("null")],
    ["a missing key", btoa('{"guest_url": "https://b.example", "code": "x"}')],
    ["a key of the wrong type", btoa('{"guest_url": "https://b.example", "code": 1, "host_url": "https://a.example"}')],
    ["invalid UTF-8", btoa("\xff\xfe")],
    ["a lone surrogate", btoa('{"guest_url": "https://b.example", "code": "\\ud800", "host_url": "https://a.example"}')],
  ])("refuses %s", (_name, raw) => {
    expect(decodeShareCode(raw)).toBeNull();
  });
});
