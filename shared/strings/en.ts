/**
 * User-facing strings, English (the reference: every other locale has exactly these keys).
 * Keys are flat and dotted; `{name}` marks a value filled in by `t()`.
 *
 * Placeholders used across keys: {id} a request id ("IT-42"), {name} a person, {actor} who
 * did it, {department} a department's name, {status}/{priority} already translated names,
 * {from}/{to} values before and after, {clock} a clock's name, {percent}, {score}, {time}.
 */
export const en = {
  // Statuses
  "status.new": "New",
  "status.in_progress": "In progress",
  "status.waiting": "Waiting on requester",
  "status.resolved": "Resolved",
  "status.closed": "Closed",
  "status.cancelled": "Cancelled",
  "status.open": "Open",
  "status.all": "All",

  // Priorities
  "priority.low": "Low",
  "priority.normal": "Normal",
  "priority.high": "High",
  "priority.urgent": "Urgent",

  // SLA clocks
  "clock.firstResponse": "First response",
  "clock.resolution": "Resolution",
  "clock.on_track": "On track",
  "clock.at_risk": "At risk",
  "clock.breached": "Breached",
  "clock.paused": "Paused",
  "clock.met": "Met",
  "clock.missed": "Missed",
  "clock.dueAt": "Due {time}",
  "clock.dueIn": "Due in {duration}",
  "clock.overdueBy": "Overdue by {duration}",
  "clock.elapsed": "{elapsed} of {target} business minutes used",

  // Sources
  "source.teams": "Teams chat",
  "source.teams-message": "Teams message",
  "source.outlook": "Outlook email",
  "source.web": "Web",
  "source.api": "API",

  // Actions (buttons, menu items)
  "action.take": "Take",
  "action.assign": "Assign",
  "action.comment": "Comment",
  "action.wait": "Ask the requester",
  "action.resume": "Resume",
  "action.resolve": "Resolve",
  "action.reopen": "Reopen",
  "action.cancel": "Cancel request",
  "action.priority": "Change priority",
  "action.rate": "Rate",

  // Verbs, for sentences like "Only IT agents can {action} IT-42."
  "verb.take": "take",
  "verb.assign": "assign",
  "verb.comment": "comment on",
  "verb.wait": "put on hold",
  "verb.resume": "resume",
  "verb.resolve": "resolve",
  "verb.reopen": "reopen",
  "verb.cancel": "cancel",
  "verb.priority": "change the priority of",
  "verb.rate": "rate",

  // History: one phrase per event
  "history.created": "{actor} filed the request",
  "history.createdFromEmail": "{actor} filed the request from an email by {name}",
  "history.comment": "{actor} commented",
  "history.note": "{actor} added an internal note",
  "history.status": "{actor} changed the status from {from} to {to}",
  "history.statusBySystem": "The status changed from {from} to {to}",
  "history.taken": "{actor} took the request",
  "history.assigned": "{actor} assigned the request to {to}",
  "history.reassigned": "{actor} reassigned the request from {from} to {to}",
  "history.priority": "{actor} changed the priority from {from} to {to}",
  "history.rated": "{actor} rated the service {score} out of 5",
  "history.waiting": "{actor} asked the requester for more information",
  "history.resumed": "{actor} resumed work on the request",
  "history.resolved": "{actor} resolved the request",
  "history.reopened": "{actor} reopened the request",
  "history.cancelled": "{actor} cancelled the request",
  "history.closed": "The request was closed",
  "history.autoClosed": "The request was closed automatically after a quiet period",
  "history.sla.start": "{clock} clock started",
  "history.sla.pause": "{clock} clock paused while waiting on the requester",
  "history.sla.resume": "{clock} clock resumed",
  "history.sla.stop": "{clock} clock stopped",
  "history.sla.warning": "{clock} is at risk: {percent}% of its target used",
  "history.sla.breach": "{clock} target was missed",
  "history.escalation": "Escalated: {step}",

  // Escalation ladder
  "escalation.warn": "At-risk warning",
  "escalation.breach": "Target missed",
  "escalation.breach150": "Target missed by 50%",
  "escalation.warn.text": "{id} has used {percent}% of its {clock} time. Due {time}.",
  "escalation.breach.text": "{id} missed its {clock} target. The leads of {department} have been told.",
  "escalation.breach150.text": "{id} is 50% past its {clock} target. Here is its whole history.",

  // SLA preview on forms
  "preview.replyBy": "{department} replies by {time}",
  "preview.resolveBy": "and aims to resolve it by {time}",
  "preview.holiday": "{day} is a holiday",
  "preview.closedNow": "{department} is closed now; the clock starts when it opens at {time}",

  // Lifecycle refusals
  "error.staffOnly": "Only {department} agents can {action} {id}.",
  "error.requesterOnly": "Only the requester can {action} {id}.",
  "error.cancel.requesterOnly": "Only the requester can cancel {id}.",
  "error.rate.requesterOnly": "Only the requester can rate {id}.",
  "error.notYours": "You can act only on your own requests or on your department's queue.",
  "error.take.alreadyTaken": "{id} is already taken by {name}.",
  "error.take.alreadyYours": "{id} is already yours.",
  "error.take.notOpen": "{id} is {status}; it cannot be taken.",
  "error.assign.notOpen": "{id} is {status}; it cannot be assigned.",
  "error.assign.notMember": "{name} is not an agent or lead of {department}; add them to the department first.",
  "error.assign.already": "{id} is already assigned to {name}.",
  "error.comment.closed": "{id} is {status}; comments are closed.",
  "error.comment.noteStaffOnly": "Only agents can add internal notes.",
  "error.wait.notWorkable": "{id} is {status}; only a new or in-progress request can wait on the requester.",
  "error.resume.notWaiting": "{id} is not waiting; there is nothing to resume.",
  "error.resolved.reopenFirst": "{id} is resolved; reopen it first.",
  "error.resolve.notOpen": "{id} is {status}; it cannot be resolved.",
  "error.reopen.notResolved": "{id} is {status}; only a resolved request can be reopened.",
  "error.cancel.notOpen": "{id} is {status}; only an open request can be cancelled.",
  "error.priority.notOpen": "{id} is {status}; its priority can no longer change.",
  "error.priority.same": "{id} is already {priority} priority.",
  "error.rate.notResolved": "A request can be rated only after it is resolved.",
  "error.rate.already": "{id} was already rated.",
  "error.stale": "{id} changed since you loaded it; reload it and try again.",
  "error.conflict": "{id} was changed by someone else at the same time; reload it and try again.",
  "error.notFound.request": "There is no request {id}.",
  "error.notFound.department": "There is no department {department}.",
  "error.unavailable": "Tandem cannot reach its storage right now; nothing was changed. Try again in a few seconds.",

  // Common words
  "common.unassigned": "Unassigned",
  "common.noSubject": "(no subject)",
  "common.someone": "Someone",
  "common.system": "Tandem",
} satisfies Record<string, string>;

export type StringKey = keyof typeof en;
