import { randomString } from "../lib/crypto";

/** As django-oauth-toolkit's defaults: client id 40, client secret 128 characters from [A-Za-z0-9]. */
const CLIENT_ID_LENGTH = 40;
const CLIENT_SECRET_LENGTH = 128;

/** A new client secret; only its hash is stored. */
export const newClientSecret = () => randomString(CLIENT_SECRET_LENGTH);

/** Credentials for a new OAuth application (ours, or one registered at another instance). */
export const newClientCredentials = () => ({ clientId: randomString(CLIENT_ID_LENGTH), clientSecret: newClientSecret() });
