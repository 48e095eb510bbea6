import { describe, expect, it } from "vitest";
import committed from "../../fixtures/demo.json?raw";
import { DEFAULT_BASE, buildDemoFixture, renderDemoFixture } from "../../scripts/demo/fixture";
import type { Fixture } from "../../scripts/demo/types";

/** The first line where two texts differ, or null when they are equal. */
function firstDifference(generated: string, file: string) {
  const a = generated.split("\n");
  const b = file.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, generated: a[i], committed: b[i] };
  }
  return null;
}

// The generator is a Node script (npm run demo:generate), but what it writes is the pure
// renderDemoFixture(buildDemoFixture(base)), which runs here as well.
describe("the demo fixture generator", () => {
  it("reproduces fixtures/demo.json byte for byte from the default base date", () => {
    expect(firstDifference(renderDemoFixture(buildDemoFixture(DEFAULT_BASE)), committed)).toBeNull();
  });

  it("does not depend on what it built before", () => {
    buildDemoFixture("2027-03-01");
    expect(firstDifference(renderDemoFixture(buildDemoFixture(DEFAULT_BASE)), committed)).toBeNull();
  });

  it("refuses to write a fixture with a key the format does not have", () => {
    const fixture = buildDemoFixture(DEFAULT_BASE);
    const drifted = { ...fixture, users: [{ ...fixture.users[0], nickname: "Kati" }, ...fixture.users.slice(1)] };
    expect(() => renderDemoFixture(drifted as Fixture)).toThrow(/does not match the fixture format[\s\S]*nickname/);
  });

  it("refuses to write a fixture whose references do not resolve", () => {
    const fixture = buildDemoFixture(DEFAULT_BASE);
    fixture.participations[0].shift = 9999;
    expect(() => renderDemoFixture(fixture)).toThrow("participations[0].shift: no shift with id 9999");
  });
});
