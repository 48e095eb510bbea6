/**
 * uniform (`src/ephios/plugins/baseshiftstructures/structure/uniform.py`, `common.py`): one group
 * of participants with a minimum and maximum number, required qualifications and a minimum age.
 */
import { configObject } from "../api/configuration";
import { integerField, pkListField } from "../api/drf-fields";
import {
  BOUNDS_OUT_OF_ORDER,
  LARGE,
  MAXIMUM_REACHED,
  MAX_ITEMS,
  NOT_QUALIFIED,
  boundedStats,
  boundsInOrder,
  configurationParser,
  confirmedOf,
  countOrNull,
  countStates,
  minimumAge,
  skillsOf,
  tooYoung,
} from "./helpers";
import type { ShiftStructure } from "./types";

const schema = configObject({
  minimum_number_of_participants: integerField(0, LARGE).nullable().optional(),
  maximum_number_of_participants: integerField(1, LARGE).nullable().optional(),
  required_qualification_ids: pkListField(MAX_ITEMS).optional(),
  minimum_age: minimumAge,
}).refine((c) => boundsInOrder(c.minimum_number_of_participants, c.maximum_number_of_participants), {
  path: ["maximum_number_of_participants"],
  message: BOUNDS_OUT_OF_ORDER,
});

/** The configured maximum; null or 0: unlimited. */
const maximum = (configuration: Record<string, unknown>) => countOrNull(configuration.maximum_number_of_participants);

export const uniform: ShiftStructure = {
  configurationDoc: "minimum_number_of_participants, maximum_number_of_participants, required_qualification_ids, minimum_age",
  parseConfiguration: configurationParser(schema, (data) => ({ qualifications: data.required_qualification_ids ?? [] })),

  // The base formula with the configured minimum and maximum. Qualifications play no part.
  stats(configuration, positive) {
    const { requested, confirmed } = countStates(positive);
    return boundedStats(requested, confirmed, countOrNull(configuration.minimum_number_of_participants), maximum(configuration));
  },

  signupErrors(check, takesPlace) {
    const errors = tooYoung(check);
    const required = Array.isArray(check.configuration.required_qualification_ids) ? check.configuration.required_qualification_ids : [];
    const skills = skillsOf(check);
    if (!required.every((id) => typeof id === "number" && skills.has(id))) errors.push(NOT_QUALIFIED);
    const max = maximum(check.configuration);
    if (takesPlace && max && confirmedOf(check.positive).length >= max) errors.push(MAXIMUM_REACHED);
    return errors;
  },

  // The sign-up's write counts the CONFIRMED participations against it in SQL.
  confirmedMaximum: maximum,
};
