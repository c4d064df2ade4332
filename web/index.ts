/**
 * The web kit: what the Outlook add-in takes from the web layer, through this one module.
 * web/ is the browser code the tab and the add-in share (I/O allowed, unlike shared/); the
 * add-in imports web/ only from here and never teams-app/, and web/ never imports teams-app/
 * (test/unit/addin-boundary.test.ts holds all three), so either app can rearrange freely.
 */
export { Api, ApiError, type TokenSource } from "./api.ts";
export { devToken, forgetDevToken } from "./dev-token.ts";
export { formatTime, readerZone } from "./format.ts";
export { LocaleContext, useLocale, useT } from "./i18n.ts";
export { ClockBadge, StatusBadge } from "./badges.tsx";
export { apiFormErrors, type FieldErrors } from "./errors.ts";
export { Attachments } from "./Attachments.tsx";
export { addFiles, type FileOutcome } from "./attachments.ts";
export { useSlaPreview } from "./sla-preview.ts";
export { useSimilar, type SimilarRequest } from "./similar.ts";
export { SimilarRequests } from "./SimilarRequests.tsx";

/**
 * The development "sign in as" picker, loaded on demand: a static export would put it in every
 * first load, and Outlook users (Entra sign-in) never need it.
 */
export const loadDevSignIn = () => import("./DevSignIn.tsx");
