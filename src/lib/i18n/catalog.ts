/**
 * The German of every text ephios translates in the answers this server gives: the English msgid
 * as the library writes it (the canonical text our code writes too) and its msgstr, both verbatim
 * from the library's `locale/de/LC_MESSAGES/django.po`. Placeholders keep the library's syntax:
 * `{name}` (DRF, ephios), `%(name)s` (Django), `{}` (positional).
 *
 * Where two libraries have the same msgid, Django's gettext merges their catalogs and the one
 * listed first in ephios's INSTALLED_APPS wins over later ones and over Django's own (ephios's
 * LOCALE_PATHS over all): DRF's "Enter a valid email address." and "Enter a valid URL." are what
 * ephios answers, not Django's.
 *
 * Texts of our own (the write API's rules, limits, OAuth descriptions) have no msgid in these
 * catalogs and stay English, as do Django's "No Event matches the given query." (not marked for
 * translation in `get_object_or_404`) and what ephios writes without gettext.
 */

type Source = "rest_framework" | "django" | "ephios";

export interface CatalogEntry {
  source: Source;
  msgid: string;
  de: string;
}

const drf = (msgid: string, de: string): CatalogEntry => ({ source: "rest_framework", msgid, de });
const django = (msgid: string, de: string): CatalogEntry => ({ source: "django", msgid, de });
const ephios = (msgid: string, de: string): CatalogEntry => ({ source: "ephios", msgid, de });

export const CATALOG: readonly CatalogEntry[] = [
  // Django REST framework 3.17 (rest_framework/locale/de): exceptions.
  drf("Authentication credentials were not provided.", "Anmeldedaten fehlen."),
  drf("You do not have permission to perform this action.", "Sie sind nicht berechtigt, diese Aktion durchzuführen."),
  drf("Not found.", "Nicht gefunden."),
  drf('Method "{method}" not allowed.', 'Methode "{method}" nicht erlaubt.'),
  drf("A server error occurred.", "Ein Serverfehler ist aufgetreten."),
  // Throttled joins "Request was throttled." and ngettext's "Expected available in {wait} second(s)." with a space.
  drf("Request was throttled. Expected available in {wait} second.", "Die Anfrage wurde gedrosselt. Erwarte Verfügbarkeit in {wait} Sekunde."),
  drf("Request was throttled. Expected available in {wait} seconds.", "Die Anfrage wurde gedrosselt. Erwarte Verfügbarkeit in {wait} Sekunden."),
  // DRF: fields, relations, serializers.
  drf("This field is required.", "Dieses Feld ist zwingend erforderlich."),
  drf("This field may not be null.", "Dieses Feld darf nicht null sein."),
  drf("Must be a valid boolean.", "Muss ein gültiger Wahrheitswert sein."),
  drf("Not a valid string.", "Kein gültiger String."),
  drf("This field may not be blank.", "Dieses Feld darf nicht leer sein."),
  drf("Ensure this field has no more than {max_length} characters.", "Stelle sicher, dass dieses Feld nicht mehr als {max_length} Zeichen lang ist."),
  drf("Enter a valid email address.", "Gib eine gültige E-Mail Adresse an."),
  drf("Enter a valid URL.", "Gib eine gültige URL ein."),
  drf("Must be a valid UUID.", "Muss eine gültige UUID sein."),
  drf("A valid integer is required.", "Eine gültige Ganzzahl ist erforderlich."),
  drf("Ensure this value is less than or equal to {max_value}.", "Stelle sicher, dass dieser Wert kleiner oder gleich {max_value} ist."),
  drf("Ensure this value is greater than or equal to {min_value}.", "Stelle sicher, dass dieser Wert größer oder gleich {min_value} ist."),
  drf("Datetime has wrong format. Use one of these formats instead: {format}.", "Datums- und Zeitangabe hat das falsche Format. Nutze stattdessen eines dieser Formate: {format}."),
  drf("Date has wrong format. Use one of these formats instead: {format}.", "Datum hat das falsche Format. Nutze stattdessen eines dieser Formate: {format}."),
  drf('"{input}" is not a valid choice.', '"{input}" ist keine gültige Option.'),
  drf('Expected a list of items but got type "{input_type}".', 'Erwarte eine Liste von Elementen, erhielt aber den Typ "{input_type}".'),
  drf("This list may not be empty.", "Diese Liste darf nicht leer sein."),
  drf("Ensure this field has no more than {max_length} elements.", "Dieses Feld darf nicht mehr als {max_length} Einträge enthalten."),
  drf('Expected a dictionary of items but got type "{input_type}".', 'Erwartete ein Dictionary mit Elementen, erhielt aber den Typ "{input_type}".'),
  drf('Invalid pk "{pk_value}" - object does not exist.', 'Ungültiger pk "{pk_value}" - Object existiert nicht.'),
  drf("Incorrect type. Expected pk value, received {data_type}.", "Falscher Typ. Erwarte pk-Wert, erhielt aber {data_type}."),
  drf("Invalid data. Expected a dictionary, but got {datatype}.", "Ungültige Daten. Dictionary erwartet, aber {datatype} erhalten."),

  // Django 5 (django/conf/locale/de): the form fields and validators django-filter uses.
  django("Enter a valid date/time.", "Bitte ein gültiges Datum und Uhrzeit eingeben."),
  django("Select a valid choice. %(value)s is not one of the available choices.", "Bitte eine gültige Auswahl treffen. %(value)s ist keine gültige Auswahl."),
  django("Select a valid choice. That choice is not one of the available choices.", "Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl."),
  django("“%(pk)s” is not a valid value.", "„%(pk)s“ ist kein gültiger Wert."),
  django("Null characters are not allowed.", "Nullzeichen sind nicht erlaubt."),

  // ephios (src/ephios/locale/de): the participation states (AbstractParticipation.States).
  ephios("requested", "angefragt"),
  ephios("confirmed", "bestätigt"),
  ephios("declined by user", "abgesagt durch helfende Person"),
  ephios("rejected by responsible", "abgelehnt durch verantwortliche Person"),
  ephios("getting dispatched", "in Zuteilung"),
  // ephios: the signup flows' checkers.
  ephios("Signup configuration is invalid!", "Anmeldeeinstellungen sind fehlerhaft!"),
  ephios("Signup for this shift is disabled.", "Die Anmeldung für diese Schicht ist deaktiviert."),
  ephios("Participation is coupled to {}.", "Teilnahme ist gekoppelt an {}."),
  ephios("The event is not active.", "Die Veranstaltung ist nicht aktiviert."),
  ephios("The signup period is over.", "Der Anmeldezeitraum ist vorüber."),
  ephios("You cannot decline by yourself.", "Sie können sich nicht selbstständig abmelden."),
  ephios("You have been rejected.", "Ihre Teilnahme wurde abgelehnt."),
  ephios("You have already declined participating.", "Sie haben bereits abgesagt."),
  ephios("You are already confirmed for other shifts at this time: {shifts}.", "Sie sind zu dieser Zeit bereits eingeteilt für {shifts}."),
  ephios("This action is not allowed.", "Diese Aktion ist nicht erlaubt."),
  // ephios: the shift structures' checks.
  ephios("You are not qualified.", "Sie sind nicht qualifiziert."),
  ephios("The maximum number of participants is reached.", "Die maximale Anzahl an Teilnehmenden ist erreicht."),
  ephios("You are too young. The minimum age is {age}.", "Sie sind zu jung. Das Mindestalter beträgt {age} Jahre."),
  ephios("All teams you qualify for are full.", "Alle Teams, für die Sie qualifiziert sind, sind voll."),
  // ephios: UserProfileForm, whose rule the users write API applies.
  ephios("You are not allowed to change the email address of this user.", "Sie sind nicht berechtigt die E-Mail-Adresse dieses Nutzers zu bearbeiten."),
];
