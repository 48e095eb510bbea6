import { z } from "zod";
import { MAX_REDIRECT_TARGET_LENGTH } from "../../lib/redirect";

const field = (max: number) => z.string({ error: "This field is required." }).max(max, `Ensure this value has at most ${max} characters.`);
const required = (max: number) => field(max).min(1, "This field is required.");

export const loginForm = z.object({
  email: required(254),
  password: required(4096),
  next: field(MAX_REDIRECT_TARGET_LENGTH).optional(),
});

/** Django's default minimum length validator. */
export const MIN_PASSWORD_LENGTH = 8;

/** A new password and its confirmation, as Django's SetPasswordForm checks them. */
const newPasswordFields = {
  new_password1: required(4096).min(MIN_PASSWORD_LENGTH, `This password is too short. It must contain at least ${MIN_PASSWORD_LENGTH} characters.`),
  new_password2: required(4096),
};
const passwordsMatch = (form: { new_password1: string; new_password2: string }) => form.new_password1 === form.new_password2;
const PASSWORDS_DIFFER = { path: ["new_password2"], message: "The two password fields didn’t match." };

export const passwordChangeForm = z.object({ old_password: required(4096), ...newPasswordFields }).refine(passwordsMatch, PASSWORDS_DIFFER);

/** Setting a password through a set-password link (src/features/account-admin): the same rules, no old password. */
export const setPasswordForm = z.object(newPasswordFields).refine(passwordsMatch, PASSWORDS_DIFFER);
