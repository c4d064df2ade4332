/**
 * The web kit: everything the Outlook add-in shares with the tab, through this one module.
 * The add-in imports teams-app only from here (test/unit/addin-boundary.test.ts holds it to
 * that), so the tab can rearrange its folders freely as long as this list stays whole.
 * The modules stay where the tab uses them; this file only names what is shared.
 */
export { Api, ApiError, type TokenSource } from "../api.ts";
export { devToken, forgetDevToken } from "../components/dev-token.ts";
export { formatTime } from "../dashboard/format.ts";
export { LocaleContext, useLocale, useT } from "../i18n.ts";
export { ClockBadge, StatusBadge } from "../mine/badges.tsx";
export { apiFormErrors, type FieldErrors } from "../mine/errors.ts";

/**
 * The development "sign in as" picker, loaded on demand: a static export would put it in every
 * first load, and Outlook users (Entra sign-in) never need it.
 */
export const loadDevSignIn = () => import("../components/DevSignIn.tsx");
