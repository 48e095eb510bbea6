/**
 * The demo fixture (`fixtures/demo.json`), built as a pure function of the base date: a fictional
 * volunteer medical-service unit ("Bereitschaft Lindenhain") with about 70 events from roughly four
 * months before to six months after the base date. Dates of birth and qualification expiries are
 * relative to the base date, so ages (e.g. the one minor) stay the same when the dates move.
 */
import { FIXTURE_FORMAT } from "../../src/db/fixtures/format";
import { BUILDING_BLOCKS } from "./building-blocks";
import { validateDemoFixture } from "./check";
import { EVENT_TYPES } from "./event-types";
import { EventPermissions, buildEvents } from "./events";
import {
  buildEventShares, buildFederatedGuests, buildFederatedHosts, buildFederatedUsers, buildInviteCodes, chooseSharedEvents,
} from "./federation";
import { buildParticipations, grantParticipantsView } from "./participations";
import { buildPlans } from "./plans";
import { CATEGORIES, QUALIFICATIONS } from "./qualifications";
import { Rng } from "./rng";
import { atTime, wall } from "./time";
import { HOST_APPLICATION, buildApiTokens, buildOAuthApplications } from "./tokens";
import type { Fixture } from "./types";
import { Roster, buildGrants, buildGroups, buildUsers } from "./users";

/** The base date of the committed fixtures/demo.json. */
export const DEFAULT_BASE = "2026-11-26";

/** `baseDate`: YYYY-MM-DD. The demo pretends it is 10:00 on that day. */
export function buildDemoFixture(baseDate: string): Fixture {
  const [by, bm, bd] = baseDate.split("-").map(Number) as [number, number, number];
  const base = wall(by, bm, bd);
  const now = atTime(base, 10);

  const users = buildUsers(base);
  const federatedUsers = buildFederatedUsers(base);
  const permissions = new EventPermissions();
  const { events, shifts, planned } = buildEvents(buildPlans(base, new Rng("events")), new Rng("uuids"), permissions);
  const shared = chooseSharedEvents(planned, now);
  const roster = new Roster(base, users);
  const participations = buildParticipations(planned, { prng: new Rng("participations"), now, roster, federatedUsers, shared });
  grantParticipantsView(participations, planned, permissions);

  return {
    format: FIXTURE_FORMAT,
    users,
    groups: buildGroups(),
    qualification_categories: CATEGORIES,
    qualifications: QUALIFICATIONS,
    qualification_grants: buildGrants(base),
    event_types: EVENT_TYPES,
    events,
    event_permissions: permissions.sorted(),
    shifts,
    federated_users: federatedUsers,
    participations,
    building_blocks: BUILDING_BLOCKS,
    api_tokens: buildApiTokens(),
    oauth_applications: buildOAuthApplications(),
    federated_guests: buildFederatedGuests(),
    federated_hosts: buildFederatedHosts(HOST_APPLICATION),
    invite_codes: buildInviteCodes(now),
    event_shares: buildEventShares(planned, shared),
  };
}

/** The file's text: the checked fixture as two-space indented JSON with a final newline. */
export function renderDemoFixture(fixture: Fixture): string {
  validateDemoFixture(fixture);
  return `${JSON.stringify(fixture, null, 2)}\n`;
}
