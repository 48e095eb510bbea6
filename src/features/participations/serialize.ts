import { STATE_LABELS } from "../../db/participation-states";
import { ageOn, formatDateTime } from "../../lib/datetime";
import type { Language } from "../../lib/i18n/language";
import { translate } from "../../lib/i18n/translate";
import type { ParticipationRow } from "./queries";

const PARTICIPANT_TYPES = { local: "LocalUserParticipant", placeholder: "PlaceholderParticipant", federated: "FederatedParticipant" } as const;

interface Comment {
  author: string;
  text: string;
  createdAt: number;
  id: number;
}

/** The comments a page row brings (`commentsJson`), by creation. */
function commentsOf(json: string | null): Comment[] {
  const tuples = JSON.parse(json ?? "[]") as [author: string, text: string, createdAt: number, id: number][];
  return tuples.map(([author, text, createdAt, id]) => ({ author, text, createdAt, id })).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
}

interface Context<Q> {
  timeZone: string;
  /** Today in the instance's zone, for ages. */
  today: string;
  /** The language of the state's label (ephios's are translated). */
  language: Language;
  qualifications: ReadonlyMap<number, Q>;
}

function participantJson<Q>(row: ParticipationRow, context: Context<Q>) {
  const age = row.participantBirth ? ageOn(row.participantBirth, context.today) : null;
  const qualificationIds = row.qualificationIds ? row.qualificationIds.split(",").map(Number) : [];
  return {
    display_name: row.participantName,
    is_minor: age !== null && age < 18,
    type: PARTICIPANT_TYPES[row.kind],
    qualifications: qualificationIds.flatMap((id) => context.qualifications.get(id) ?? []),
    confidential: { email: row.participantEmail, date_of_birth: row.participantBirth, age },
  };
}

/** The fields both serializers share, in ephios's order (the userinfo one adds comments after `state`). */
function stateJson(row: ParticipationRow, language: Language) {
  return {
    id: row.id,
    shift: row.shiftId,
    event: row.eventId,
    event_title: row.eventTitle,
    event_type: { id: row.eventTypeId, title: row.eventTypeTitle },
    state: { value: row.state, label: translate(language, STATE_LABELS[row.state] ?? String(row.state)) },
  };
}

function timesJson(row: ParticipationRow, timeZone: string) {
  return {
    start_time: formatDateTime(row.startTime, timeZone),
    end_time: formatDateTime(row.endTime, timeZone),
    duration: (row.endTime - row.startTime) / 1000,
    structure_data: row.structureData,
    user: row.kind === "local" ? row.userId : null,
  };
}

/** ephios's ParticipationSerializer: public participant data, no comments. */
export function participationJson<Q>(row: ParticipationRow, context: Context<Q>) {
  const { confidential: _hidden, ...participant } = participantJson(row, context);
  return { ...stateJson(row, context.language), ...timesJson(row, context.timeZone), participant };
}

/** ephios's UserinfoParticipationSerializer: with email, birth date, age and the comments the row brings. */
export function userinfoParticipationJson<Q>(row: ParticipationRow, context: Context<Q>) {
  const { confidential, ...participant } = participantJson(row, context);
  return {
    ...stateJson(row, context.language),
    comments: commentsOf(row.comments).map((c) => ({ author: c.author, text: c.text, created_at: formatDateTime(c.createdAt, context.timeZone) })),
    ...timesJson(row, context.timeZone),
    participant: { ...participant, ...confidential },
  };
}
