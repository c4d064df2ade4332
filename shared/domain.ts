/**
 * Domain types shared by every part of Tandem (service, bot, tab, add-in).
 * Pure data: no I/O, safe for browser bundles.
 */

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STATUSES = ["new", "in_progress", "waiting", "resolved", "closed", "cancelled", "transferred"] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses in which a request still needs the department's work. */
export const OPEN_STATUSES: readonly Status[] = ["new", "in_progress", "waiting"];

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A working window in local wall-clock time, "HH:MM" to "HH:MM" ("24:00" allowed as the end). */
export type Window = [start: string, end: string];

export interface Calendar {
  /** IANA time zone, e.g. "Europe/Madrid". */
  timeZone: string;
  /** Working windows per weekday; an empty list is a day off. */
  week: Record<Weekday, Window[]>;
  /** Local dates ("YYYY-MM-DD") that are whole days off. */
  holidays: string[];
}

export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface SlaPolicy {
  /** A clock is at risk once this share of its target has elapsed. */
  warnAtPercent: number;
  targets: Record<Priority, SlaTarget>;
}

export interface Person {
  id: string;
  name: string;
  email?: string;
}

export interface Category {
  key: string;
  name: string;
  /** Targets that override the department's for some or all priorities (see `targetFor`). */
  sla?: { targets: Partial<Record<Priority, SlaTarget>> };
}

export interface Department {
  key: string;
  name: string;
  description: string;
  calendar: Calendar;
  sla: SlaPolicy;
  categories: Category[];
  agents: Person[];
  leads: Person[];
  /**
   * An Entra group whose members are agents too (as typed: its object id, optionally its name).
   * The stored `agents` keep only what was typed; the service's read paths add the members.
   */
  agentsGroup?: { id: string; name?: string };
  /** Triage channel (set by the bot's `link` command). */
  triageChannel?: { id: string; name?: string };
  /** Feedback: how often people are asked (absent: the defaults, see `surveySettings`). */
  surveys?: SurveySettings;
  updatedAt?: string;
  etag?: string;
}

/** A department's feedback settings; every field optional in storage (see `SURVEY_DEFAULTS`). */
export interface SurveySettings {
  /** CSAT/CES on resolve: a person is asked at most once every this many days (0: on every resolve). */
  ratingEveryDays?: number;
  /** Internal NPS pulse: one period is this many months (1, 3, 6 or 12), starting in January. */
  pulseEveryMonths?: 1 | 3 | 6 | 12;
  /** Internal NPS pulse: at most this many people served in a period are asked. */
  pulseSample?: number;
  /** Internal NPS pulse: false stops sending it (answers already given stay). */
  pulseEnabled?: boolean;
}

export const PULSE_PERIOD_MONTHS = [1, 3, 6, 12] as const;

export const SURVEY_DEFAULTS: Required<SurveySettings> = { ratingEveryDays: 7, pulseEveryMonths: 3, pulseSample: 30, pulseEnabled: true };

/** A department's survey settings with the defaults filled in. */
export function surveySettings(dept: Pick<Department, "surveys">): Required<SurveySettings> {
  const s = dept.surveys ?? {};
  return {
    ratingEveryDays: s.ratingEveryDays ?? SURVEY_DEFAULTS.ratingEveryDays,
    pulseEveryMonths: s.pulseEveryMonths ?? SURVEY_DEFAULTS.pulseEveryMonths,
    pulseSample: s.pulseSample ?? SURVEY_DEFAULTS.pulseSample,
    pulseEnabled: s.pulseEnabled ?? SURVEY_DEFAULTS.pulseEnabled,
  };
}

/** `transfer`: filed by a transfer from another department (`ref`: the old id). */
export type SourceKind = "teams" | "teams-message" | "outlook" | "web" | "api" | "transfer";

export interface Source {
  kind: SourceKind;
  ref?: string;
  link?: string;
}

/** One stretch of running time of a clock; `to` is absent while it runs. */
export interface Run {
  from: string;
  to?: string;
}

/**
 * What is stored of one SLA clock: its target and the stretches it ran.
 * Everything shown (state, elapsed, due) is derived from this and the calendar.
 */
export interface ClockTrack {
  targetMinutes: number;
  runs: Run[];
  /** True once the clock has stopped for good (responded / resolved / cancelled / transferred). */
  stopped: boolean;
  /** Transfer: stopped by a hand-off to another department (shown and counted as neither met nor missed). */
  handedOff?: boolean;
}

/** `handed_off`: a resolution clock that ended with a transfer, neither met nor missed. */
export const CLOCK_STATES = ["on_track", "at_risk", "breached", "paused", "met", "missed", "handed_off"] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** A clock as the API shows it. */
export interface ClockView {
  state: ClockState;
  targetMinutes: number;
  elapsedMinutes: number;
  /** While the clock runs: when it will reach its target. */
  dueAt?: string;
  /** While the clock runs: when it will reach warnAtPercent of its target. */
  warnAt?: string;
}

/** The SLA terms a request was filed under, kept with it so later edits never rewrite history. */
export interface SlaTerms {
  calendar: Calendar;
  warnAtPercent: number;
  firstResponse: ClockTrack;
  resolution: ClockTrack;
}

export const ESCALATION_STEPS = ["warn", "breach", "breach150"] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

/** The requester's rating of a resolved request; changeable until it closes (the last one counts). */
export interface Rating {
  /** CSAT: 1 (very dissatisfied) to 5 (very satisfied). */
  score: number;
  /** CES: "The department made it easy to get this solved", 1 (strongly disagree) to 7 (strongly agree). */
  effort?: number;
  comment?: string;
  at: string;
}

/** Kudos: thanks from someone who could see the request to the people who worked it. */
export interface Kudos {
  by: Person;
  /** The people thanked: who resolved it, or worked it (assignee) when nobody resolved it yet. */
  to: Person[];
  /** Shown literally, never as markup. */
  text?: string;
  at: string;
}

/** A kudos on the department's page (`GET /api/departments/:key/kudos`): `id` is its request's. */
export type KudosEntry = Kudos & { id: string };

/** Attachments: a file added to a request; its bytes are the blob `<tenant>/<request id>/<id>`. */
export interface Attachment {
  id: string;
  /** Cleaned: no path, no control characters. */
  name: string;
  size: number;
  contentType: string;
  addedBy: Person;
  addedAt: string;
  /**
   * Transfer: the request whose blob path holds the bytes, when not this one (a transferred
   * request refers to its files where they were uploaded instead of copying them).
   */
  requestId?: string;
}

export interface EmailInfo {
  internetMessageId: string;
  from: { name: string; email: string };
  receivedAt?: string;
  webLink?: string;
  attachments?: Array<{ name: string; size: number; contentType: string }>;
  truncated?: boolean;
}

/**
 * Links: how a request relates to another, as each side holds it. `related` both ways; a merged
 * duplicate holds `duplicate-of` (the one that lives on) and the survivor `duplicated-by`.
 */
export const LINK_RELATIONS = ["related", "duplicate-of", "duplicated-by"] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];

export interface RequestLink {
  /** The other request's id. */
  id: string;
  relation: LinkRelation;
  at: string;
  by: Person;
}

/** A request as stored and as the service works with it. */
export interface ServiceRequest {
  id: string;
  tenantId: string;
  department: string;
  number: number;
  title: string;
  description: string;
  descriptionTruncated?: boolean;
  category?: string;
  priority: Priority;
  status: Status;
  requester: Person;
  /** Who filed it, when not the requester (an agent converting someone's email). */
  createdBy?: Person;
  assignee?: Person;
  source: Source;
  email?: EmailInfo;
  createdAt: string;
  updatedAt: string;
  firstRespondedAt?: string;
  resolvedAt?: string;
  /** Feedback: who resolved it last (thanks go to them); cleared by a reopen. */
  resolvedBy?: Person;
  closedAt?: string;
  sla: SlaTerms;
  /** Escalation steps already fired, with when. */
  escalations: Partial<Record<EscalationStep, string>>;
  rating?: Rating;
  /** Thanks given (one per person; shown on the department's page, counted in the figures). */
  kudos?: Kudos[];
  /** Attachments: files added to the request (their bytes are in Blob Storage). */
  attachments?: Attachment[];
  /** Rating and reopening: the closed request a requester's reply filed this one as a follow-up of. */
  followUpOf?: string;
  /** Rating and reopening: the follow-ups filed by replies to this request once it closed. */
  followUps?: string[];
  /** Links: requests related to this one, or this one merged into another (shared/links.ts). */
  links?: RequestLink[];
  /** Links: people told of this request like its requester (a merged duplicate's requester). */
  followers?: Person[];
  /** Transfer: the department this request was handed to, and when (set by the transfer itself). */
  transfer?: { department: string; at: string; by?: Person };
  /** Transfer: the id it lives on under in the other department (set once that one is filed). */
  transferredTo?: string;
  /** Transfer: the request this one was transferred from. */
  transferredFrom?: string;
  /** Bumped by every change; orders the request's history. */
  version: number;
  /**
   * When the scheduler looks at it next (an escalation step or the auto-close), as stored with
   * it: the store keeps one due entry per request and needs the old time to move it.
   */
  dueAt?: string;
  /**
   * When a running clock breaches that was not breached at the last write, as stored with it:
   * the figures read the requests whose time has come (their breach is not in the summaries yet).
   */
  lateAt?: string;
  etag?: string;
}

export type HistoryKind =
  | "created"
  | "comment"
  | "status"
  | "assigned"
  | "priority"
  | "rated"
  | "sla"
  | "escalation"
  | "notice"
  /** Attachments: a file added (`text`: its name). */
  | "attachment"
  /** Rating and reopening: a follow-up filed (`to`: the new id) or this one's origin (`from`: the closed id). */
  | "followUp"
  /** Feedback: kudos given (`to`: the names thanked, `text`: the words, shown literally). */
  | "thanked"
  /** Links: a link made (`to`: the other request's id, `relation`: as this request holds it). */
  | "linked"
  /** Similar at intake: the actor follows this request (told of its public changes) instead of filing it again. */
  | "followed"
  /** Transfer: handed to a department (`to`: its key), filed there (`to`: the new id, `from`: this id), or received (`from`: the old id). */
  | "transfer";

/** Something Tandem itself tells the department about a request (kind `notice`, staff only). */
export type NoticeType =
  | "emailLinkDropped"
  // Who an escalation step reached in Teams (`from` names them), or that it reached nobody: the Teams notices.
  | "escalationReached"
  | "escalationUnreached";

export type SlaEventType = "start" | "pause" | "resume" | "stop" | "warning" | "breach";

export interface HistoryEvent {
  seq: number;
  at: string;
  kind: HistoryKind;
  actor?: Person;
  /** Free text (a comment, a reason). */
  text?: string;
  /** Comments only: false for an internal note the requester never sees. */
  public?: boolean;
  from?: string;
  to?: string;
  /** SLA events: which clock and what happened to it. */
  clock?: "firstResponse" | "resolution";
  sla?: SlaEventType;
  step?: EscalationStep;
  /** Notices only: what Tandem noticed (`from` names what it concerns, e.g. a link's host). */
  notice?: NoticeType;
  /** Ratings only: the CES answer, 1 to 7 (`to` is the CSAT score, `from` the score it replaced). */
  effort?: number;
  /** Status changes only (language helper): "reply" when the requester's answer moved it (not someone resuming work). */
  cause?: "reply";
  /** Links only: how this request relates to `to`. */
  relation?: LinkRelation;
  /** Transfer: an event of the request this one was transferred from (its id), shown in the one thread. */
  requestId?: string;
}

/** The request as the API returns it. */
export interface RequestView {
  id: string;
  department: string;
  number: number;
  title: string;
  description: string;
  descriptionTruncated?: boolean;
  category?: string;
  priority: Priority;
  status: Status;
  requester: Person;
  createdBy?: Person;
  assignee?: Person;
  source: Source;
  email?: EmailInfo;
  createdAt: string;
  updatedAt: string;
  firstRespondedAt?: string;
  resolvedAt?: string;
  resolvedBy?: Person;
  closedAt?: string;
  sla: { firstResponse: ClockView; resolution: ClockView };
  escalations: Partial<Record<EscalationStep, string>>;
  rating?: Rating;
  kudos?: Kudos[];
  attachments?: Attachment[];
  followUpOf?: string;
  followUps?: string[];
  links?: RequestLink[];
  followers?: Person[];
  transfer?: { department: string; at: string };
  transferredTo?: string;
  transferredFrom?: string;
  etag: string;
  history?: HistoryEvent[];
}
