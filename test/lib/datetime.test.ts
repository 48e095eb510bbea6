import { describe, expect, it } from "vitest";
import { formatDateTime, isIsoDate, parseDateTime } from "../../src/lib/datetime";

const BERLIN = "Europe/Berlin";

describe("parseDateTime", () => {
  it.each([
    ["2099-06-30T08:00:00+02:00", "2099-06-30T06:00:00.000Z"],
    ["2099-06-30T08:00:00Z", "2099-06-30T08:00:00.000Z"],
    ["2099-06-30T08:00:00-0530", "2099-06-30T13:30:00.000Z"],
    ["2099-06-30 08:00", "2099-06-30T06:00:00.000Z"],
    ["2099-01-15T08:00:00", "2099-01-15T07:00:00.000Z"],
    ["2099-01-15", "2099-01-14T23:00:00.000Z"],
    ["2099-01-15T08:00:00.123456", "2099-01-15T07:00:00.123Z"],
  ])("reads %s (naive values in Berlin)", (input, expected) => {
    expect(new Date(parseDateTime(input, BERLIN)!).toISOString()).toBe(expected);
  });

  it("uses Python's fold=0 in DST gaps and overlaps", () => {
    // 02:30 does not exist on 2026-03-29: read with the offset before the change (+01:00).
    expect(new Date(parseDateTime("2026-03-29T02:30:00", BERLIN)!).toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // 02:30 happens twice on 2026-10-25: the first one (+02:00) wins.
    expect(new Date(parseDateTime("2026-10-25T02:30:00", BERLIN)!).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it.each(["", "tomorrow", "2099-02-30", "2099-13-01T00:00:00", "2099-06-30T24:00:00", "2099-06-30T08:00:00+25:00", "99-06-30"])(
    "refuses %j",
    (input) => {
      expect(parseDateTime(input, BERLIN)).toBeNull();
    },
  );
});

describe("formatDateTime", () => {
  it("renders in the zone with its offset, like DRF", () => {
    expect(formatDateTime(Date.parse("2099-06-30T06:00:00Z"), BERLIN)).toBe("2099-06-30T08:00:00+02:00");
    expect(formatDateTime(Date.parse("2099-01-15T07:00:00Z"), BERLIN)).toBe("2099-01-15T08:00:00+01:00");
    expect(formatDateTime(Date.parse("2099-01-15T07:00:00Z"), "UTC")).toBe("2099-01-15T07:00:00Z");
    expect(formatDateTime(Date.parse("2099-01-15T07:00:00Z"), "America/St_Johns")).toBe("2099-01-15T03:30:00-03:30");
  });

  it("writes microseconds only when there are any", () => {
    expect(formatDateTime(Date.parse("2099-01-15T07:00:00.250Z"), BERLIN)).toBe("2099-01-15T08:00:00.250000+01:00");
  });

  it("round-trips through parseDateTime", () => {
    for (const instant of [0, Date.parse("2026-03-29T00:59:59Z"), Date.parse("2026-10-25T01:00:00Z"), Date.parse("2099-12-31T23:59:59Z")]) {
      expect(parseDateTime(formatDateTime(instant, BERLIN), "UTC")).toBe(instant);
    }
  });
});

describe("isIsoDate", () => {
  it("accepts calendar dates only", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2024-2-29")).toBe(false);
    expect(isIsoDate("2024-02-29T00:00:00")).toBe(false);
  });
});
