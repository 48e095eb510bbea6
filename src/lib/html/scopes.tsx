import { SCOPES, SCOPE_NAMES, type Scope } from "../../auth/scopes";

/** Space-separated scopes, in their order, as a list with ephios's descriptions. */
export function ScopeList({ scope }: { scope: string }) {
  const names = scope.split(/\s+/).filter((s): s is Scope => s in SCOPES);
  if (!names.length) return <p class="help">No scopes.</p>;
  return (
    <ul>
      {names.map((name) => (
        <li>
          <code>{name}</code>: {SCOPES[name]}
        </li>
      ))}
    </ul>
  );
}

/** One checkbox per scope, in the settings order, labelled as ephios labels them. */
export function ScopeCheckboxes({ name, legend, chosen, help }: { name: string; legend: string; chosen: ReadonlySet<string>; help: string }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {SCOPE_NAMES.map((scope) => (
        <label>
          <input type="checkbox" name={name} value={scope} checked={chosen.has(scope)} /> <code>{scope}</code>: {SCOPES[scope]}
        </label>
      ))}
      <p class="help">{help}</p>
    </fieldset>
  );
}
