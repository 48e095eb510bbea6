import { type Context, Hono } from "hono";
import { sessionUser, staffRequired } from "../../auth/access";
import { scopeList } from "../../auth/scopes";
import { sha256Hex } from "../../lib/crypto";
import { newClientCredentials, newClientSecret } from "../../oauth/client-credentials";
import { notFound } from "../../lib/errors";
import { flash } from "../../lib/html/flash";
import { type FormBody, listField, parseForm, textField } from "../../lib/html/forms";
import type { AppEnv } from "../../types";
import { ApplicationDeletePage, ApplicationDetailPage, ApplicationFormPage, type ApplicationFormValues, ApplicationListPage, ApplicationSecretPage } from "./pages";
import { type ApplicationDetails, type ApplicationSettings, deleteApplication, findApplication, insertApplication, listApplications, updateApplication } from "./queries";
import { type ApplicationForm, GRANT_TYPE, applicationForm } from "./schemas";
import { pathPk } from "../../lib/api/params";

const LIST = "/api/settings/applications/";
const detailUrl = (id: number) => `${LIST}${id}/`;

/** The application named by `:pk`; an unknown or malformed pk is a 404. */
async function applicationFrom(c: Context<AppEnv>): Promise<ApplicationDetails> {
  const pk = pathPk(c.req.param());
  const app = pk === null ? null : await findApplication(c.var.db, pk);
  if (!app) throw notFound("Application");
  return app;
}

/**
 * The application of a federation host is set up and removed by the federation handshake; editing
 * or deleting it here would silently break the federation, so those pages send staff back.
 */
function federationRefusal(c: Context<AppEnv>, app: ApplicationDetails): Response | null {
  if (app.federationHostName === null) return null;
  flash(c, "This application belongs to a federated ephios instance. Manage it in the federation settings.");
  return c.redirect(detailUrl(app.id), 302);
}

const submitted = (body: FormBody): ApplicationFormValues => ({
  name: textField(body, "name"),
  client_type: textField(body, "client_type"),
  redirect_uris: textField(body, "redirect_uris"),
  skip_authorization: body.skip_authorization !== undefined && body.skip_authorization !== "",
  allowed_scopes: listField(body, "allowed_scopes"),
});

const settingsOf = (form: ApplicationForm): ApplicationSettings => ({
  name: form.name,
  clientType: form.client_type,
  redirectUris: form.redirect_uris,
  skipAuthorization: form.skip_authorization,
  allowedScopes: form.allowed_scopes,
});

/** A page showing a secret once must not be kept by the browser or any cache. */
function secretPage(c: Context<AppEnv>, props: { id: number; name: string; clientId: string; clientSecret: string; isNew: boolean }) {
  c.header("Cache-Control", "no-store");
  return c.html(<ApplicationSecretPage c={c} {...props} />);
}

export const applications = new Hono<AppEnv>()
  .get(LIST, staffRequired(), async (c) => c.html(<ApplicationListPage c={c} applications={await listApplications(c.var.db)} />))

  // Registered before `:pk/`, so "register" is never taken for a pk.
  .get(`${LIST}register/`, staffRequired(), (c) => c.html(<ApplicationFormPage c={c} />))

  .post(`${LIST}register/`, staffRequired(), async (c) => {
    const user = sessionUser(c);
    const form = await parseForm(c, applicationForm);
    if ("errors" in form) return c.html(<ApplicationFormPage c={c} values={submitted(form.body)} errors={form.errors} />, 400);
    const { clientId, clientSecret } = newClientCredentials();
    const id = await insertApplication(
      c.var.db,
      { ...settingsOf(form.data), ownerId: user.id, clientId, clientSecretHash: await sha256Hex(clientSecret), authorizationGrantType: GRANT_TYPE },
      Date.now(),
    );
    return secretPage(c, { id, name: form.data.name, clientId, clientSecret, isNew: true });
  })

  .get(`${LIST}:pk/`, staffRequired(), async (c) => c.html(<ApplicationDetailPage c={c} app={await applicationFrom(c)} />))

  .get(`${LIST}:pk/update/`, staffRequired(), async (c) => {
    const app = await applicationFrom(c);
    const values: ApplicationFormValues = {
      name: app.name,
      client_type: app.clientType,
      redirect_uris: app.redirectUris.split(/\s+/).filter(Boolean).join("\n"),
      skip_authorization: app.skipAuthorization,
      allowed_scopes: scopeList(app.allowedScopes),
    };
    return federationRefusal(c, app) ?? c.html(<ApplicationFormPage c={c} id={app.id} values={values} />);
  })

  .post(`${LIST}:pk/update/`, staffRequired(), async (c) => {
    const app = await applicationFrom(c);
    const refused = federationRefusal(c, app);
    if (refused) return refused;
    const form = await parseForm(c, applicationForm);
    if ("errors" in form) return c.html(<ApplicationFormPage c={c} id={app.id} values={submitted(form.body)} errors={form.errors} />, 400);
    const clientSecret = form.data.new_client_secret ? newClientSecret() : null;
    await updateApplication(c.var.db, app.id, settingsOf(form.data), clientSecret ? await sha256Hex(clientSecret) : null, Date.now());
    if (clientSecret) {
      return secretPage(c, { id: app.id, name: form.data.name, clientId: app.clientId, clientSecret, isNew: false });
    }
    flash(c, `The application ${form.data.name} was saved.`);
    return c.redirect(detailUrl(app.id), 302);
  })

  .get(`${LIST}:pk/delete/`, staffRequired(), async (c) => {
    const app = await applicationFrom(c);
    return federationRefusal(c, app) ?? c.html(<ApplicationDeletePage c={c} id={app.id} name={app.name} />);
  })

  .post(`${LIST}:pk/delete/`, staffRequired(), async (c) => {
    const app = await applicationFrom(c);
    const refused = federationRefusal(c, app);
    if (refused) return refused;
    await deleteApplication(c.var.db, app.id);
    flash(c, `The application ${app.name} was deleted.`);
    return c.redirect(LIST, 302);
  });
