import { describe, expect, it } from "vitest";
import { escapeText, foldLine, utcDateTime } from "../../../src/features/calendar/serialize";

const octets = (line: string) => new TextEncoder().encode(line).length;

describe("the iCalendar writer", () => {
  it("escapes TEXT: backslash, semicolon, comma and every kind of line break; drops other control characters", () => {
    expect(escapeText("a\\b;c,d\r\ne\rf\ng")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng");
    expect(escapeText("tab\tkept, bell\u0007 and DEL\u007f and NUL\u0000 dropped")).toBe("tab\tkept\\, bell and DEL and NUL dropped");
  });

  it("folds after 75 octets, continuing with one space, never inside a UTF-8 sequence", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
    // 74 ASCII octets and a 4-octet emoji: the emoji moves whole to the next line.
    const folded = foldLine(`${"x".repeat(74)}🚑${"ü".repeat(60)}`);
    const lines = folded.split("\r\n");
    expect(lines[0]).toBe("x".repeat(74));
    expect(lines.slice(1).every((line) => line.startsWith(" "))).toBe(true);
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(`${"x".repeat(74)}🚑${"ü".repeat(60)}`);
  });

  it("writes instants as UTC date-times", () => {
    expect(utcDateTime(Date.parse("2099-07-01T08:00:00.999+02:00"))).toBe("20990701T060000Z");
  });
});
