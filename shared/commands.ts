/**
 * The bot's chat commands, in English and Spanish (DESIGN.md "Teams bot"): turns what someone
 * typed (with @mentions of the bot already removed) into a command. Pure: no Teams types.
 */
import { PRIORITIES, type Priority } from "./domain.ts";
import type { Locale } from "./strings/index.ts";

export const COMMANDS = [
  "help",
  "new",
  "my",
  "status",
  "queue",
  "take",
  "assign",
  "comment",
  "wait",
  "resume",
  "resolve",
  "reopen",
  "cancel",
  "priority",
  "sla",
  "link",
  "transfer",
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Each command's words; the first is its English name. */
const WORDS: Record<CommandName, { en: string[]; es: string[] }> = {
  help: { en: ["help", "?"], es: ["ayuda"] },
  new: { en: ["new"], es: ["nueva", "nuevo"] },
  my: { en: ["my", "mine"], es: ["mis"] },
  status: { en: ["status"], es: ["estado"] },
  queue: { en: ["queue"], es: ["cola"] },
  take: { en: ["take"], es: ["tomar"] },
  assign: { en: ["assign"], es: ["asignar"] },
  comment: { en: ["comment"], es: ["comentar"] },
  wait: { en: ["wait"], es: ["esperar"] },
  resume: { en: ["resume"], es: ["reanudar"] },
  resolve: { en: ["resolve"], es: ["resolver"] },
  reopen: { en: ["reopen"], es: ["reabrir"] },
  cancel: { en: ["cancel"], es: ["cancelar"] },
  priority: { en: ["priority"], es: ["prioridad"] },
  sla: { en: ["sla"], es: [] },
  link: { en: ["link"], es: ["vincular"] },
  transfer: { en: ["transfer"], es: ["transferir"] },
};

const PRIORITY_WORDS: Record<string, Priority> = {
  low: "low",
  normal: "normal",
  high: "high",
  urgent: "urgent",
  baja: "low",
  media: "normal",
  alta: "high",
  urgente: "urgent",
};

/** Commands that only show something: answering a retried one again does no harm. */
const READ_ONLY: ReadonlySet<CommandName> = new Set(["help", "my", "status", "queue", "sla"]);

/** Whether a line would change something (file, act, link) if it were run twice. */
export function changesSomething(text: string): boolean {
  const p = parseCommand(text);
  if (!p.ok) return false;
  if (p.command.name === "new") return !!p.command.text;
  return !READ_ONLY.has(p.command.name);
}

/** Commands that act on one request and take its id first. */
const ON_REQUEST: ReadonlySet<CommandName> = new Set(["status", "take", "assign", "comment", "wait", "resume", "resolve", "reopen", "cancel", "priority", "transfer"]);

export interface Command {
  name: CommandName;
  /** The language of the command word, when it has one ("sla" has none). */
  language?: Locale;
  /** `IT-42` (upper-cased) for commands on a request. */
  id?: string;
  /** A department key (upper-cased): `new IT ...`, `queue IT`, `sla IT`, `link IT`. */
  department?: string;
  /** The rest of the line: a title, a comment, a reason, an assignee's name or email. */
  text?: string;
  priority?: Priority;
  /** Links: `link IT-8 IT-1 duplicate`: the other request (upper-cased) and the relation (default related). */
  to?: string;
  relation?: "related" | "duplicate";
}

/** Links: the relation words of `link IT-8 IT-1 <relation>`. */
const RELATION_WORDS: Record<string, "related" | "duplicate"> = {
  related: "related",
  duplicate: "duplicate",
  relacionado: "related",
  relacionada: "related",
  duplicado: "duplicate",
  duplicada: "duplicate",
};

export type Parsed =
  | { ok: true; command: Command }
  /** `usage`: the command was recognised but its arguments were not (answer with its usage). */
  | { ok: false; reason: "empty" | "unknown" | "usage"; name?: CommandName; language?: Locale };

const ID_RE = /^([A-Za-z][A-Za-z0-9]{1,9})-(\d{1,9})$/;
const DEPT_RE = /^[A-Za-z][A-Za-z0-9]{1,9}$/;

/** Reads one command line. `text` is what the user typed, mentions of the bot removed. */
export function parseCommand(text: string): Parsed {
  const line = text.replace(/\s+/g, " ").trim();
  if (!line) return { ok: false, reason: "empty" };
  const [first, ...rest] = line.split(" ");
  const word = first!.toLowerCase().replace(/^\//, "");
  const found = lookup(word);
  if (!found) return { ok: false, reason: "unknown", language: guessLanguage(line) };
  const { name, language } = found;
  const usage = { ok: false as const, reason: "usage" as const, name, language };
  const lang = language ? { language } : {};

  if (ON_REQUEST.has(name)) {
    const id = rest[0];
    if (!id || !ID_RE.test(id)) return usage;
    const tail = rest.slice(1).join(" ").trim();
    const command: Command = { name, ...lang, id: id.toUpperCase() };
    if (name === "priority") {
      const p = PRIORITY_WORDS[tail.toLowerCase()];
      if (!p) return usage;
      return { ok: true, command: { ...command, priority: p } };
    }
    if (name === "assign" && !tail) return usage;
    // Transfer: `transfer IT-42 HR <reason>`: the department, then why (required).
    if (name === "transfer") {
      const [dept, ...why] = tail.split(" ");
      const reason = why.join(" ").trim();
      if (!dept || !DEPT_RE.test(dept) || !reason) return usage;
      return { ok: true, command: { ...command, department: dept.toUpperCase(), text: reason } };
    }
    if (name === "comment" && !tail) return usage;
    return { ok: true, command: tail ? { ...command, text: tail } : command };
  }

  switch (name) {
    case "help":
    case "my":
      return { ok: true, command: { name, ...lang } };
    case "new": {
      if (rest.length === 0) return { ok: true, command: { name, ...lang } };
      const dept = rest[0]!;
      if (!DEPT_RE.test(dept)) return usage;
      const title = rest.slice(1).join(" ").trim();
      return { ok: true, command: { name, ...lang, department: dept.toUpperCase(), ...(title ? { text: title } : {}) } };
    }
    case "queue":
    case "sla":
    case "link": {
      const dept = rest[0];
      // `link IT-8 IT-1 [related|duplicate]` links two requests; `link IT` (a department key) sets the triage channel.
      if (name === "link" && dept && ID_RE.test(dept)) {
        const [to, word, ...extra] = rest.slice(1);
        const relation = word === undefined ? "related" : RELATION_WORDS[word.toLowerCase()];
        if (!to || !ID_RE.test(to) || !relation || extra.length) return usage;
        return { ok: true, command: { name, ...lang, id: dept.toUpperCase(), to: to.toUpperCase(), relation } };
      }
      if (!dept) return name === "link" ? usage : { ok: true, command: { name, ...lang } };
      if (!DEPT_RE.test(dept) || rest.length > 1) return usage;
      return { ok: true, command: { name, ...lang, department: dept.toUpperCase() } };
    }
    default:
      return usage;
  }
}

function lookup(word: string): { name: CommandName; language?: Locale } | undefined {
  for (const name of COMMANDS) {
    const w = WORDS[name];
    const en = w.en.includes(word);
    const es = w.es.includes(word);
    if (es) return { name, language: "es" };
    // "sla" is the same word in both languages: the answer follows the user's Teams locale.
    if (en) return name === "sla" ? { name } : { name, language: "en" };
  }
  return undefined;
}

/** For an unknown command: Spanish if the line looks Spanish, so the help answer is readable. */
function guessLanguage(line: string): Locale | undefined {
  return /[¿¡ñáéíóú]|\b(hola|quiero|necesito|por favor|gracias|ayuda)\b/i.test(line) ? "es" : undefined;
}

/** The word for a command in a language (for help texts and usage lines). */
export function commandWord(name: CommandName, locale: Locale): string {
  const w = WORDS[name];
  return (locale === "es" ? w.es[0] : undefined) ?? w.en[0]!;
}

/** The priority words a user may type, for usage lines. */
export function priorityWords(locale: Locale): string[] {
  return locale === "es" ? ["baja", "normal", "alta", "urgente"] : [...PRIORITIES];
}

/**
 * Teams message text without the @mentions of the bot: `<at>Tandem</at> take IT-42` gives
 * `take IT-42`. Other people's mentions are kept as their plain names.
 */
export function stripMentions(text: string, botMentionTexts: string[]): string {
  let out = text;
  for (const m of botMentionTexts) out = out.split(m).join(" ");
  return decodeBasicEntities(out.replace(/<at>([^<]*)<\/at>/g, "$1").replace(/<[^>]+>/g, " "));
}

function decodeBasicEntities(s: string): string {
  return s.replace(/&nbsp;/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}
