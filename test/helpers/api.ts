import { expect } from "vitest";
import { bearer, request } from "./http";

export const REQUESTED = 0;
export const CONFIRMED = 1;
export const USER_DECLINED = 2;
export const RESPONSIBLE_REJECTED = 3;
export const GETTING_DISPATCHED = 4;

/** Signup stats in ephios's order: requested, confirmed, missing, free, min, max. */
export const stats = (requested: number, confirmed: number, missing: number, free: number | null, min: number | null, max: number | null) => ({
  requested_count: requested,
  confirmed_count: confirmed,
  missing,
  free,
  min_count: min,
  max_count: max,
});

export type Page<T = Record<string, unknown>> = { count: number; next: string | null; previous: string | null; results: T[] };

/** GET as the given token, expecting a 200 JSON page; returns the body. */
export async function page(path: string, token: string): Promise<Page> {
  const response = await request(path, { headers: bearer(token) });
  expect(response.status, `${path}: ${response.status}`).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  return (await response.json()) as Page;
}

export async function expectError(response: Response, status: number, body: unknown) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual(body);
}
