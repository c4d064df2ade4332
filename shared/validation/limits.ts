/**
 * The numbers every surface enforces: the API's schemas, the tab's form and the add-in's prefill
 * all read them from here. No imports, so browser bundles take it without zod.
 */
export const LIMITS = {
  titleMax: 200,
  descriptionMax: 32_000,
  /** `^[A-Z][A-Z0-9]{1,9}$`: the prefix of every request id. */
  departmentKeyMax: 10,
  departmentNameMax: 100,
  departmentDescriptionMax: 2_000,
  categoryKeyMax: 40,
  categoryNameMax: 80,
  categoriesMax: 100,
  peopleMax: 500,
  personIdMax: 128,
  personNameMax: 200,
  groupNameMax: 256,
  emailMax: 254,
  holidaysMax: 366,
  windowsPerDayMax: 12,
  targetMinutesMax: 525_600,
  commentMax: 32_000,
  ratingCommentMax: 2_000,
  /** Kudos: the words of a thank (shown on the department's page). */
  thankTextMax: 500,
  /** Why a department's settings changed (`changeReason`, kept in its public change log). */
  changeReasonMax: 1_000,
  /** Transfer: why a request goes to another department (an internal note on both sides). */
  transferReasonMax: 1_000,
  internetMessageIdMax: 1_000,
  attachmentsMax: 500,
  attachmentNameMax: 1_000,
  attachmentContentTypeMax: 255,
  listLimitMax: 200,
  listLimitDefault: 50,
  cursorMax: 2_000,
  /** What a search box may hold (`?q=`). */
  searchMax: 200,
  statsSpanDaysMax: 366,
  rolesMax: 20,
  // Attachments (issue 14): files copied to a request, in Blob Storage.
  attachmentFileBytesMax: 10 * 1024 * 1024,
  attachmentRequestBytesMax: 25 * 1024 * 1024,
  attachmentFilesMax: 20,
  attachmentFileNameMax: 200,
} as const;

/** The title given to an email with an empty subject. */
export const NO_SUBJECT = "(no subject)";
