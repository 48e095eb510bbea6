/**
 * Federation: the guest instance "Kreisverband Nachbarstadt" with two of its members and the
 * events shared with it, the host "Landesverband Beispiel" this instance is a guest of, and an
 * unused invite code. Secrets come from their own random streams (rng.ts).
 */
import { ET } from "./event-types";
import type { PlannedShift } from "./events";
import { FEDERATED_PEOPLE } from "./people";
import { secretAlnum, secretHex } from "./rng";
import { HOUR, birthDate, fmtNaive } from "./time";
import type { FxEventShare, FxFederatedGuest, FxFederatedHost, FxFederatedUser, FxInviteCode } from "./types";

const GUEST = 1;

export function buildFederatedGuests(): FxFederatedGuest[] {
  return [{
    id: GUEST,
    name: "Kreisverband Nachbarstadt",
    url: "https://ephios.nachbarstadt.example",
    access_token: secretHex("guest-1-access-token", 64),
    client_id: secretAlnum("guest-1-client-id", 40),
    client_secret: secretAlnum("guest-1-client-secret", 60),
  }];
}

export function buildFederatedUsers(base: number): FxFederatedUser[] {
  return FEDERATED_PEOPLE.map((f) => ({
    id: f.id,
    guest: GUEST,
    email: f.email,
    display_name: f.name,
    date_of_birth: birthDate(base, f.age, f.birthday),
    qualifications: [...f.quals],
  }));
}

/** `oauthApplication`: the application (tokens.ts) through which the host's users log in here. */
export function buildFederatedHosts(oauthApplication: number): FxFederatedHost[] {
  return [{
    id: 1, name: "Landesverband Beispiel", url: "https://ephios.landesverband.example",
    access_token: secretHex("host-1-access-token", 64), oauth_application: oauthApplication,
  }];
}

export function buildInviteCodes(now: number): FxInviteCode[] {
  return [{ id: 1, code: secretHex("invite-1-code", 64), url: "https://ephios.drittstadt.example", created_at: fmtNaive(now - HOUR) }];
}

/**
 * The next four shareable medical services after `now` (big events first; other coming medical
 * services fill up when a base date leaves too few), shared with the guest.
 */
export function chooseSharedEvents(planned: PlannedShift[], now: number): Set<number> {
  const shared = new Set<number>();
  for (const bigOnly of [true, false]) {
    for (const { plan, event } of planned) {
      if (shared.size >= 4) break;
      if (!plan.active || plan.restricted || plan.type !== ET.SAN || shared.has(event.id)) continue;
      if (bigOnly && !plan.shareable) continue;
      const start = Math.min(...plan.shifts.map((s) => s.start));
      if (start < now) continue;
      shared.add(event.id);
    }
  }
  return shared;
}

export function buildEventShares(planned: PlannedShift[], shared: Set<number>): FxEventShare[] {
  const events = [...new Set(planned.map((p) => p.event.id))];
  return events.filter((id) => shared.has(id)).map((event) => ({ event, guest: GUEST }));
}
