/** Comment texts on participations, by who writes them and whom they are for. */

/** From a responsible, for responsibles only (visible_for 0). */
export const RESPONSIBLE_NOTES_0 = [
  "Zuverlässig, gerne wieder einplanen.",
  "Einweisung in das Digitalfunkgerät steht noch aus.",
  "Hat beim letzten Dienst kurzfristig abgesagt – bitte im Blick behalten.",
  "Als Praxisanleitung für neue Sanitäter vorgesehen.",
];

/** From a responsible, for the participant (visible_for 1); the last one answers a rejection. */
export const RESPONSIBLE_NOTES_1 = [
  "Bitte 15 Minuten früher zur Fahrzeugübergabe da sein.",
  "Du übernimmst die Materialverantwortung für diesen Dienst.",
  "Bitte den Sanitätsrucksack Nr. 3 aus dem Lager mitbringen.",
  "Leider schon voll besetzt – beim nächsten Mal gerne wieder!",
];

/** From a responsible, for everyone in the shift (visible_for 2). */
export const RESPONSIBLE_NOTES_2 = [
  "Treffpunkt ist der Hintereingang, Parkplätze sind reserviert.",
  "Verpflegung wird gestellt.",
  "Funkrufname für diesen Dienst: Rotkreuz Lindenhain 1/74.",
];

export const PARTICIPANT_NOTES = [
  "Kann erst ab 10 Uhr, komme direkt von der Nachtschicht.",
  "Bringe meinen eigenen Rucksack mit.",
  "Bin vegetarisch – bitte bei der Verpflegung berücksichtigen.",
  "Würde gerne mit Anna im Trupp sein.",
  "Muss spätestens eine Stunde vor Ende los, Zug fährt um 22:10.",
  "Kann jemanden aus Unterlinden mitnehmen.",
];

/** From a responsible, about an external helper. */
export const PLACEHOLDER_NOTES = [
  "Kommt über die Kooperation mit dem Jugendrotkreuz.",
  "Externe Unterstützung vom Kreisverband, Abrechnung über die Geschäftsstelle.",
  "Praktikum im Rahmen der Ausbildung zur Notfallsanitäterin.",
];

export const FEDERATED_NOTE = "Anreise mit eigenem Fahrzeug aus Nachbarstadt.";
export const DECLINE_NOTE = "Bin an dem Tag leider beruflich verhindert.";
