import type { FieldErrors as Errors } from "../errors";
import { FieldErrors } from "./layout";

/** The new password, twice, with their errors: the password change and the set-password page. */
export function NewPasswordFields({ errors }: { errors: Errors }) {
  return (
    <>
      <label for="new_password1">New password</label>
      <input id="new_password1" name="new_password1" type="password" autocomplete="new-password" required />
      <FieldErrors messages={errors.new_password1} />
      <label for="new_password2">New password confirmation</label>
      <input id="new_password2" name="new_password2" type="password" autocomplete="new-password" required />
      <FieldErrors messages={errors.new_password2} />
    </>
  );
}
