/**
 * The federation settings pages' paths. The page itself belongs to the host side; the guest
 * side's pages (hosts this instance receives events from) link back to it and are linked from it.
 */
export const FEDERATION_SETTINGS = "/settings/federation/";
export const ADD_HOST = "/settings/federation/hosts/add/";
export const deleteHostUrl = (id: number) => `/settings/federation/hosts/${id}/delete/`;
