import { it, expect } from "vitest";
import { resetWorld } from "../helpers/db";
import { bearer, request } from "../helpers/http";
it("refuses more than 10 search terms with 400 (each term is a bound value per field; D1 allows 100)", async () => {
  await resetWorld({ format: "ephios-fixture/1", users: [{ id: 1, email: "a@x.org", display_name: "A", is_superuser: true }], api_tokens: [{ id: 1, user: 1, token: "t", scope: ["PUBLIC_READ", "CONFIDENTIAL_READ"] }] });
  for (const path of ["/api/events/", "/api/users/"]) {
    const many = await request(`${path}?search=${encodeURIComponent(Array.from({ length: 60 }, (_, i) => `t${i}`).join(" "))}`, { headers: bearer("t") });
    expect(many.status).toBe(400);
    expect(await many.json()).toEqual({ search: ["Use at most 10 search terms."] });
    const ten = await request(`${path}?search=${encodeURIComponent(Array.from({ length: 10 }, (_, i) => `t${i}`).join(","))}`, { headers: bearer("t") });
    expect(ten.status).toBe(200);
  }
  for (const path of ["/api/events/", "/api/users/"]) {
    const long = await request(`${path}?search=${"x".repeat(60)}`, { headers: bearer("t") });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({ search: ["A search term may have at most 40 characters."] });
    expect((await request(`${path}?search=${"x".repeat(40)}`, { headers: bearer("t") })).status).toBe(200);
    expect((await request(`${path}?search=${encodeURIComponent("ü".repeat(30))}`, { headers: bearer("t") })).status).toBe(400);
  }
});
