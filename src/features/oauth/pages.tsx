import type { Context } from "hono";
import { SCOPES, type Scope } from "../../auth/scopes";
import { Page } from "../../lib/html/layout";
import type { AppEnv } from "../../types";
import type { AuthorizeRequest } from "./authorize";

export function ConsentPage({ c, appName, scopes, request }: { c: Context<AppEnv>; appName: string; scopes: Scope[]; request: AuthorizeRequest }) {
  const hidden = Object.entries(request).filter(([, value]) => typeof value === "string") as [string, string][];
  return (
    <Page c={c} title={`Authorize ${appName}?`}>
      <p>The application requires the following permissions:</p>
      <ul>
        {scopes.map((scope) => (
          <li>
            <code>{scope}</code>: {SCOPES[scope]}
          </li>
        ))}
      </ul>
      <form method="post" action="/api/oauth/authorize/">
        {hidden.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class="secondary">
          Cancel
        </button>{" "}
        <button type="submit" name="allow" value="Authorize">
          Authorize
        </button>
      </form>
    </Page>
  );
}

export function AuthorizeErrorPage({ c, error, description }: { c: Context<AppEnv>; error: string; description: string }) {
  return (
    <Page c={c} title={`Error: ${error}`}>
      <p>{description}</p>
    </Page>
  );
}
