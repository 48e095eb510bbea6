/** The demo's event types, one per `show_participant_data` value and a second medical one. */
import type { FxEventType } from "./types";

export const ET = { SAN: 1, AUSBILDUNG: 2, DIENSTABEND: 3, OEFFENTLICH: 4, BLUTSPENDE: 5 } as const;

export const EVENT_TYPES: FxEventType[] = [
  { id: ET.SAN, title: "Sanitätsdienst", color: "#c0392b", show_participant_data: 0 },
  { id: ET.AUSBILDUNG, title: "Ausbildung", color: "#2e86c1", show_participant_data: 1 },
  { id: ET.DIENSTABEND, title: "Dienstabend", color: "#27ae60", show_participant_data: 2 },
  { id: ET.OEFFENTLICH, title: "Öffentliche Veranstaltung", color: "#f39c12", show_participant_data: 3 },
  { id: ET.BLUTSPENDE, title: "Blutspendetermin", color: "#8e44ad", show_participant_data: 0 },
];
