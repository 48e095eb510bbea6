/** Longer targets are not ours; the login form carries `next` up to this length. */
export const MAX_REDIRECT_TARGET_LENGTH = 2048;

/**
 * Printable ASCII without the backslash. Every target this server builds is percent-encoded ASCII;
 * anything else is a trick: browsers drop tabs and newlines inside URLs (`/<TAB>/evil` becomes
 * `//evil`), read `\` as `/`, and CR/LF cannot go into a header at all.
 */
const PLAIN_TARGET = /^[\x21-\x5b\x5d-\x7e]+$/;

/**
 * The one place that decides where a redirect taken from user input (`next`) may go: the target is
 * resolved against SITE_URL as a browser would, must stay on that origin, and comes back as a
 * path with query and fragment. Anything else — another host or scheme, userinfo, control
 * characters, whitespace, backslashes, a path that would read as `//host` — becomes "/".
 */
export function safeRedirectTarget(raw: string | null | undefined, siteUrl: string): string {
  if (!raw || raw.length > MAX_REDIRECT_TARGET_LENGTH || !PLAIN_TARGET.test(raw)) return "/";
  const site = new URL(siteUrl);
  let url: URL;
  try {
    url = new URL(raw, site);
  } catch {
    return "/";
  }
  if (url.origin !== site.origin || url.username || url.password) return "/";
  const target = url.pathname + url.search + url.hash;
  // Dot segments can leave an empty first segment (`/.//evil` is the path `//evil`), which a
  // browser would read as a host; percent-encoding can make the target outgrow the form field.
  return target.startsWith("//") || target.length > MAX_REDIRECT_TARGET_LENGTH ? "/" : target;
}
