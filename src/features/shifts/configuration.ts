/**
 * The signup flows a shift may name, and the configuration each accepts on a write (the
 * structures' configurations are checked by their modules, src/lib/structures/).
 */
import type { z } from "@hono/zod-openapi";
import { NO_REFERENCES, type ParsedConfiguration, configObject, parseConfiguration } from "../../lib/api/configuration";
import { booleanField, charField, dateTimeField, pkField } from "../../lib/api/drf-fields";

export const SIGNUP_FLOW_SLUGS = ["instant_confirmation", "request_confirm", "manual", "coupled"] as const;

export type SignupFlowSlug = (typeof SIGNUP_FLOW_SLUGS)[number];

const selfServiceFlow = configObject({
  signup_until: dateTimeField().nullable().optional(),
  user_can_decline_confirmed: booleanField().optional(),
  user_can_customize_signup_times: booleanField().optional(),
});

const signupFlows = {
  instant_confirmation: selfServiceFlow,
  request_confirm: selfServiceFlow,
  manual: configObject({ no_selfservice_explanation: charField(1000, { allowBlank: true }).optional() }),
  coupled: configObject({ leader_shift_id: pkField() }),
} satisfies Record<SignupFlowSlug, z.ZodType>;

export function parseSignupFlowConfiguration(slug: SignupFlowSlug, value: Record<string, unknown>): ParsedConfiguration {
  return parseConfiguration(signupFlows[slug], value, (data) => ({
    ...NO_REFERENCES,
    leaderShift: "leader_shift_id" in data ? data.leader_shift_id : null,
  }));
}
