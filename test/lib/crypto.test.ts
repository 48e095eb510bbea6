import { describe, expect, it } from "vitest";
import { HEX, decryptSecret, encryptSecret, randomString, sha256Hex, timingSafeEqual } from "../../src/lib/crypto";
import { hashPassword, verifyPassword } from "../../src/lib/password";

describe("sha256Hex", () => {
  it("matches the known digest (ephios's token_checksum)", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("timingSafeEqual", () => {
  it("compares strings of any length", () => {
    expect(timingSafeEqual("secret", "secret")).toBe(true);
    expect(timingSafeEqual("secret", "secreT")).toBe(false);
    expect(timingSafeEqual("secret", "secret-longer")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
  });
});

describe("randomString", () => {
  it("draws from the alphabet with the requested length", () => {
    const token = randomString(64, HEX);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(randomString(50)).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(randomString(50)).not.toBe(randomString(50));
  });
});

describe("secret encryption", () => {
  it("round-trips and uses a fresh IV each time", async () => {
    const sealed = await encryptSecret("client-secret", "key-1");
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("client-secret");
    expect(await encryptSecret("client-secret", "key-1")).not.toBe(sealed);
    expect(await decryptSecret(sealed, "key-1")).toBe("client-secret");
  });

  it("refuses another key and tampered data", async () => {
    const sealed = await encryptSecret("client-secret", "key-1");
    await expect(decryptSecret(sealed, "key-2")).rejects.toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    await expect(decryptSecret(tampered, "key-1")).rejects.toThrow();
    await expect(decryptSecret("plain", "key-1")).rejects.toThrow();
  });
});

describe("passwords", () => {
  it("stores scrypt with its parameters and verifies", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horse!", hash)).toBe(false);
    expect(await hashPassword("correct horse")).not.toBe(hash);
  });

  it("never accepts hashes it did not make (e.g. imported Django ones)", async () => {
    expect(await verifyPassword("x", "pbkdf2_sha256$260000$salt$hash")).toBe(false);
    expect(await verifyPassword("x", "")).toBe(false);
  });
});
