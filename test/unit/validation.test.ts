import assert from "node:assert/strict";
import type { z } from "zod";
import type { Calendar, Person, SlaPolicy, Category, Priority } from "../../shared/domain.ts";
import type { RequestAction } from "../../shared/lifecycle.ts";
import { Rng } from "../support/random.ts";
import {
  actionSchema,
  calendarSchema,
  categoriesSchema,
  categorySchema,
  createRequestSchema,
  departmentBodySchema,
  departmentKeySchema,
  departmentRefSchema,
  devTokenSchema,
  fromEmailSchema,
  type Invalid,
  listQuerySchema,
  parse,
  personSchema,
  previewQuerySchema,
  prioritySchema,
  reportQuerySchema,
  slaPolicySchema,
  statsQuerySchema,
  timeZoneSchema,
} from "../../shared/validation/index.ts";

// Compile-time: what the schemas give back fits the domain types the services store.
const asCalendar = (x: z.output<typeof calendarSchema>): Calendar => x;
const asSla = (x: z.output<typeof slaPolicySchema>): SlaPolicy => x;
const asPerson = (x: z.output<typeof personSchema>): Person => x;
const asCategory = (x: z.output<typeof categorySchema>): Category => x;
const asAction = (x: z.output<typeof actionSchema>): RequestAction => x;
const asPriority = (x: z.output<typeof prioritySchema>): Priority => x;
void [asCalendar, asSla, asPerson, asCategory, asAction, asPriority];

function ok<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = parse(schema, input);
  if (!r.ok) assert.fail(`expected valid, got: ${r.error.message}`);
  return r.value;
}

function bad(schema: z.ZodType<unknown>, input: unknown, what?: string): Invalid {
  const r = parse(schema, input, what);
  if (r.ok) assert.fail(`expected invalid, got: ${JSON.stringify(r.value)}`);
  assert.equal(r.error.code, "invalid_input");
  assert.ok(r.error.details.length > 0);
  return r.error;
}

/** The message of the problem at `path` (which must be there). */
function at(err: Invalid, path: string): string {
  const d = err.details.find((x) => x.path === path);
  assert.ok(d, `no problem at "${path}"; problems: ${JSON.stringify(err.details)}`);
  return d.message;
}

function includesAll(text: string, ...parts: string[]) {
  for (const p of parts) assert.ok(text.includes(p), `expected ${JSON.stringify(text)} to include ${JSON.stringify(p)}`);
}

const week = {
  mon: [["09:00", "17:00"]],
  tue: [["09:00", "17:00"]],
  wed: [["09:00", "17:00"]],
  thu: [["09:00", "17:00"]],
  fri: [["09:00", "15:00"]],
  sat: [],
  sun: [],
};
const calendar = { timeZone: "Europe/Madrid", week, holidays: ["2026-12-25", "2026-01-01"] };
const targets = {
  low: { firstResponseMinutes: 480, resolutionMinutes: 4800 },
  normal: { firstResponseMinutes: 240, resolutionMinutes: 2400 },
  high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
};
const sla = { warnAtPercent: 75, targets };
const department = { name: "IT", description: "Laptops, accounts, VPN", calendar, sla };
const email = {
  internetMessageId: "<CAF1234@mail.example.com>",
  subject: "RE: FW: Printer on floor 3",
  body: "Hello,\r\nthe printer is jammed again.\r\n",
  from: { name: "Ana García", email: "ana@example.com" },
  department: "IT",
};

const chars = (n: number, c = "a") => c.repeat(n);

/** Deep equality of what would be sent as JSON (properties set to undefined count as absent). */
function same(actual: unknown, expected: unknown) {
  assert.deepEqual(JSON.parse(JSON.stringify(actual)), JSON.parse(JSON.stringify(expected)));
}

describe("validation", () => {
  describe("parse()", () => {
    it("gives one sentence naming the field and the fix, with every problem in details", () => {
      const err = bad(createRequestSchema, { department: "IT", title: "" });
      assert.equal(err.message, "title: must be 1 to 200 characters (got 0).");
      assert.deepEqual(err.details, [{ field: "title", path: "title", code: "required", message: "must be 1 to 200 characters (got 0)" }]);
    });

    it("summarises the first two problems and counts the rest", () => {
      const err = bad(createRequestSchema, { title: "", priority: "critical", colour: "red" });
      assert.equal(err.details.length, 4);
      assert.match(err.message, /^department: is required: .*; title: must be 1 to 200 characters \(got 0\); and 2 more problems \(see details\)\.$/);
    });

    it("uses dotted paths with indexes", () => {
      const err = bad(calendarSchema, { ...calendar, week: { ...week, mon: [["9:00", "17:00"]] } });
      includesAll(at(err, "week.mon[0][0]"), "HH:MM", "09:00");
    });

    it("names a single value with `what`, and prefixes paths with it", () => {
      const err = bad(departmentKeySchema, "it", "key");
      assert.equal(err.details[0].path, "key");
      assert.match(err.message, /^key: must be a department key/);
      const nested = bad(calendarSchema, { ...calendar, timeZone: "Nowhere/Land" }, "calendar");
      assert.equal(nested.details[0].path, "calendar.timeZone");
    });

    it("describes a wrong top-level value", () => {
      const err = bad(createRequestSchema, [1, 2]);
      assert.equal(err.details[0].path, "");
      includesAll(err.message, "Input must be a request like", "(got a list of 2 items)");
      includesAll(bad(createRequestSchema, null).message, "(got null)");
      includesAll(bad(createRequestSchema, undefined).message, "is required");
    });

    it("refuses unknown properties, one detail each, listing the allowed ones", () => {
      const err = bad(createRequestSchema, { department: "IT", title: "x", colour: "red", size: 3 });
      assert.deepEqual(
        err.details.map((d) => d.path),
        ["colour", "size"],
      );
      includesAll(at(err, "colour"), "is not a known property", "allowed: department, title, description, category, priority");
    });

    it("never throws, even on hostile objects", () => {
      const hostile = new Proxy(
        {},
        {
          get() {
            throw new Error("boom");
          },
          ownKeys() {
            throw new Error("boom");
          },
        },
      );
      const r = parse(createRequestSchema, hostile);
      assert.equal(r.ok, false);
    });
  });

  describe("departmentKeySchema", () => {
    for (const k of ["IT", "HR", "HR2", "FACILITIES", "A1"]) {
      it(`accepts ${k}`, () => assert.equal(ok(departmentKeySchema, k), k));
    }
    for (const k of ["I", "1T", "I-T", "TOOLONGKEY1", "", " IT"]) {
      it(`refuses ${JSON.stringify(k)} saying what a key looks like`, () => {
        includesAll(bad(departmentKeySchema, k, "key").message, "2 to 10 characters", "capital letters", "starting with a letter", `e.g. "IT"`);
      });
    }
    it("suggests the capitalised key for lowercase input", () => {
      includesAll(bad(departmentKeySchema, "it", "key").message, `(got "it"; use "IT")`);
    });
    it("refuses a number", () => includesAll(bad(departmentKeySchema, 42, "key").message, "(got 42)"));
    it("departmentRefSchema accepts any case and spaces and gives the key", () => {
      assert.equal(ok(departmentRefSchema, " it "), "IT");
      assert.equal(ok(departmentRefSchema, "Hr2"), "HR2");
      includesAll(bad(departmentRefSchema, "I T").message, "2 to 10 characters");
    });
  });

  describe("timeZoneSchema", () => {
    for (const tz of ["Europe/Madrid", "America/New_York", "Asia/Kolkata", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT-2"]) {
      it(`accepts ${tz}`, () => assert.equal(ok(timeZoneSchema, tz), tz));
    }
    it("fixes the case of a zone Intl knows", () => assert.equal(ok(timeZoneSchema, "europe/madrid"), "Europe/Madrid"));
    for (const tz of ["UTC+2", "GMT-5", "+02:00", "Mars/Olympus_Mons", "", "Europe/", "CET; drop table"]) {
      it(`refuses ${JSON.stringify(tz)} with an example zone`, () => {
        includesAll(bad(timeZoneSchema, tz, "timeZone").message, "timeZone: must be an IANA time zone", `"Europe/Madrid"`);
      });
    }
    it("explains that an offset is not a zone", () => {
      includesAll(bad(timeZoneSchema, "UTC+2").message, "fixed offset", "daylight saving", `"Etc/GMT-2"`);
    });
    it("refuses a missing zone", () => includesAll(bad(calendarSchema, { week }).message, "timeZone: is required", "Europe/Madrid"));
  });

  describe("calendarSchema", () => {
    it("accepts a calendar, sorting and deduplicating holidays", () => {
      const c = ok(calendarSchema, { ...calendar, holidays: ["2026-12-25", "2026-01-06", "2026-12-25"] });
      assert.deepEqual(c.holidays, ["2026-01-06", "2026-12-25"]);
      assert.deepEqual(c.week.mon, [["09:00", "17:00"]]);
    });

    it("accepts 24x7 with 24:00 as an end", () => {
      const all = [["00:00", "24:00"]];
      const c = ok(calendarSchema, { timeZone: "UTC", week: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all } });
      assert.deepEqual(c.week.sun, [["00:00", "24:00"]]);
      assert.deepEqual(c.holidays, []);
    });

    it("treats a missing day as a day off", () => {
      const c = ok(calendarSchema, { timeZone: "UTC", week: { wed: [["10:00", "12:00"]] } });
      assert.deepEqual(c.week.mon, []);
      assert.deepEqual(c.week.sun, []);
      assert.deepEqual(c.week.wed, [["10:00", "12:00"]]);
    });

    it("sorts a day's windows and allows touching ones", () => {
      const c = ok(calendarSchema, { timeZone: "UTC", week: { mon: [["14:00", "18:00"], ["09:00", "14:00"]] } });
      assert.deepEqual(c.week.mon, [["09:00", "14:00"], ["14:00", "18:00"]]);
    });

    it("says which windows overlap and how to fix it", () => {
      const err = bad(calendarSchema, { timeZone: "UTC", week: { tue: [["09:00", "13:00"], ["12:00", "17:00"]] } });
      includesAll(at(err, "week.tue[1]"), "12:00-17:00 overlaps 09:00-13:00", "merge them into 09:00-17:00");
    });

    it("refuses a window that ends before it starts", () => {
      const err = bad(calendarSchema, { timeZone: "UTC", week: { mon: [["22:00", "06:00"]] } });
      includesAll(at(err, "week.mon[0]"), "must end after it starts", `"24:00"`, "two days");
      includesAll(bad(calendarSchema, { timeZone: "UTC", week: { mon: [["09:00", "09:00"]] } }).message, "must end after it starts");
    });

    it("refuses bad times, naming the format", () => {
      const err = bad(calendarSchema, { timeZone: "UTC", week: { mon: [["24:00", "24:00"]], tue: [["08:00", "25:00"]], wed: [["8:00", "12:00"]] } });
      includesAll(at(err, "week.mon[0][0]"), `"HH:MM"`, `"23:59"`, `(got "24:00")`);
      includesAll(at(err, "week.tue[0][1]"), `"HH:MM"`, `"24:00"`, `(got "25:00")`);
      includesAll(at(err, "week.wed[0][0]"), `(got "8:00")`);
    });

    it("refuses a window that is not a pair", () => {
      const err = bad(calendarSchema, { timeZone: "UTC", week: { mon: [["09:00"]], tue: ["09:00-17:00"], wed: "09:00-17:00" } });
      includesAll(at(err, "week.mon[0]"), `a pair of times like ["09:00", "17:00"]`);
      includesAll(at(err, "week.tue[0]"), `(got "09:00-17:00")`);
      includesAll(at(err, "week.wed"), "a list of windows", "[] for a day off");
    });

    it("refuses more than 12 windows a day", () => {
      const many = Array.from({ length: 13 }, (_, i) => [`${String(i).padStart(2, "0")}:00`, `${String(i).padStart(2, "0")}:30`]);
      includesAll(bad(calendarSchema, { timeZone: "UTC", week: { mon: many } }).message, "at most 12 windows (got 13)");
    });

    it("refuses an unknown day, listing the days", () => {
      const err = bad(calendarSchema, { timeZone: "UTC", week: { ...week, tues: [] } });
      includesAll(at(err, "week.tues"), "is not a weekday", "mon, tue, wed, thu, fri, sat, sun");
    });

    it("needs at least one working window in the week", () => {
      const err = bad(calendarSchema, { timeZone: "UTC", week: { mon: [], sat: [] } });
      includesAll(at(err, "week"), "no working hours", "add at least one window");
    });

    it("refuses holidays that are not real dates", () => {
      const err = bad(calendarSchema, { ...calendar, holidays: ["2026-02-30", "2026-13-01", "25/12/2026", "2027-02-29"] });
      includesAll(at(err, "holidays[0]"), "real date", "February 2026 has 28 days", `(got "2026-02-30")`);
      includesAll(at(err, "holidays[1]"), "month must be 01 to 12");
      includesAll(at(err, "holidays[2]"), `"YYYY-MM-DD"`, `"2026-12-25"`);
      includesAll(at(err, "holidays[3]"), "February 2027 has 28 days");
      same(ok(calendarSchema, { ...calendar, holidays: ["2028-02-29"] }).holidays, ["2028-02-29"]);
    });

    it("allows at most 366 holidays", () => {
      const days: string[] = [];
      for (let d = Date.UTC(2026, 0, 1); days.length < 367; d += 86_400_000) days.push(new Date(d).toISOString().slice(0, 10));
      assert.equal(ok(calendarSchema, { ...calendar, holidays: days.slice(0, 366) }).holidays.length, 366);
      includesAll(bad(calendarSchema, { ...calendar, holidays: days }).message, "holidays: must have at most 366 dates (got 367)");
    });

    it("refuses unknown calendar properties", () => {
      includesAll(at(bad(calendarSchema, { ...calendar, zone: "UTC" }), "zone"), "allowed: timeZone, week, holidays");
    });
  });

  describe("slaPolicySchema", () => {
    it("accepts a policy and defaults warnAtPercent to 80", () => {
      assert.equal(ok(slaPolicySchema, sla).warnAtPercent, 75);
      assert.equal(ok(slaPolicySchema, { targets }).warnAtPercent, 80);
    });
    for (const w of [0, 100, 50.5, "80"]) {
      it(`refuses warnAtPercent ${JSON.stringify(w)}`, () => {
        includesAll(at(bad(slaPolicySchema, { ...sla, warnAtPercent: w }), "warnAtPercent"), "whole number from 1 to 99", "at risk");
      });
    }
    for (const m of [0, -5, 525_601, 1.5, "60", null]) {
      it(`refuses ${JSON.stringify(m)} minutes, saying the range`, () => {
        const err = bad(slaPolicySchema, { targets: { ...targets, high: { firstResponseMinutes: m, resolutionMinutes: 480 } } });
        includesAll(at(err, "targets.high.firstResponseMinutes"), "whole number of business minutes from 1 to 525,600");
      });
    }
    it("accepts a year", () => {
      ok(slaPolicySchema, { targets: { ...targets, low: { firstResponseMinutes: 525_600, resolutionMinutes: 525_600 } } });
    });
    it("refuses a first response due after the resolution", () => {
      const err = bad(slaPolicySchema, { targets: { ...targets, urgent: { firstResponseMinutes: 200, resolutionMinutes: 120 } } });
      includesAll(at(err, "targets.urgent.firstResponseMinutes"), "must not be more than resolutionMinutes", "200 > 120");
    });
    it("needs all four priorities", () => {
      const { normal: _normal, ...three } = targets;
      includesAll(at(bad(slaPolicySchema, { targets: three }), "targets.normal"), "is required", "low, normal, high, urgent");
    });
    it("refuses an unknown priority", () => {
      includesAll(at(bad(slaPolicySchema, { targets: { ...targets, critical: targets.urgent } }), "targets.critical"), "is not a priority", "low, normal, high, urgent");
    });
    it("refuses unknown target fields", () => {
      const err = bad(slaPolicySchema, { targets: { ...targets, low: { ...targets.low, firstResponseHours: 8 } } });
      includesAll(at(err, "targets.low.firstResponseHours"), "allowed: firstResponseMinutes, resolutionMinutes");
    });
  });

  describe("categories and people", () => {
    it("accepts a category", () => same(ok(categorySchema, { key: "vpn-access", name: " VPN " }), { key: "vpn-access", name: "VPN" }));
    for (const k of ["Hardware", "-vpn", "vpn access", chars(41), ""]) {
      it(`refuses category key ${JSON.stringify(k.length > 20 ? `${k.slice(0, 5)}…` : k)}`, () => {
        includesAll(at(bad(categorySchema, { key: k, name: "X" }), "key"), "lowercase letters, digits and hyphens", `"hardware"`);
      });
    }
    it("limits category names to 80 characters", () => {
      includesAll(at(bad(categorySchema, { key: "x", name: chars(81) }), "name"), "must be 1 to 80 characters (got 81)");
    });
    it("refuses duplicate category keys", () => {
      const err = bad(categoriesSchema, [{ key: "vpn", name: "VPN" }, { key: "mail", name: "Mail" }, { key: "vpn", name: "VPN 2" }]);
      includesAll(at(err, "[2].key"), `"vpn" is already used`, "unique");
    });
    it("allows at most 100 categories", () => {
      const cats = Array.from({ length: 101 }, (_, i) => ({ key: `c${i}`, name: `C${i}` }));
      assert.equal(ok(categoriesSchema, cats.slice(0, 100)).length, 100);
      includesAll(bad(categoriesSchema, cats).message, "at most 100 categories (got 101)");
    });
    it("accepts a person, trimming the name and dropping an empty email", () => {
      same(ok(personSchema, { id: "u-1", name: "  Zoë Ångström ", email: "" }), { id: "u-1", name: "Zoë Ångström" });
      same(ok(personSchema, { id: "u-2", name: "李雷", email: "li.lei@example.cn" }), { id: "u-2", name: "李雷", email: "li.lei@example.cn" });
      assert.equal(ok(personSchema, { id: "u-3", name: "José", email: "josé@ejemplo.es" }).email, "josé@ejemplo.es");
    });
    it("refuses a blank id, a long name and a bad email", () => {
      includesAll(at(bad(personSchema, { id: "   ", name: "A" }), "id"), "must not be blank");
      includesAll(at(bad(personSchema, { id: chars(129), name: "A" }), "id"), "1 to 128 characters (got 129)");
      includesAll(at(bad(personSchema, { id: "u", name: chars(201) }), "name"), "1 to 200 characters (got 201)");
      includesAll(at(bad(personSchema, { id: "u", name: "A", email: "ana@" }), "email"), "valid email address", `"ana@example.com"`);
      includesAll(at(bad(personSchema, { id: "u", name: "A", email: "ana example.com" }), "email"), "valid email address");
    });
  });

  describe("departmentBodySchema", () => {
    it("accepts a department and applies defaults", () => {
      const d = ok(departmentBodySchema, { name: " IT ", calendar, sla: { targets } });
      assert.equal(d.name, "IT");
      assert.equal(d.description, "");
      assert.deepEqual(d.categories, []);
      assert.deepEqual(d.agents, []);
      assert.deepEqual(d.leads, []);
      assert.equal(d.sla.warnAtPercent, 80);
      assert.equal(d.calendar.timeZone, "Europe/Madrid");
    });
    it("keeps people and categories", () => {
      const d = ok(departmentBodySchema, {
        ...department,
        categories: [{ key: "vpn", name: "VPN" }],
        agents: [{ id: "a1", name: "Ana" }],
        leads: [{ id: "l1", name: "Luis", email: "luis@example.com" }],
      });
      assert.deepEqual(d.leads, [{ id: "l1", name: "Luis", email: "luis@example.com" }]);
      assert.deepEqual(d.categories, [{ key: "vpn", name: "VPN" }]);
    });
    it("refuses fields a GET returns but a PUT does not take", () => {
      includesAll(at(bad(departmentBodySchema, { ...department, etag: "W/1" }), "etag"), "is not a known property", "allowed: name, description, calendar, sla, categories, agents, leads");
    });
    it("refuses duplicate people", () => {
      const err = bad(departmentBodySchema, { ...department, agents: [{ id: "a1", name: "Ana" }, { id: "a1", name: "Ana again" }] });
      includesAll(at(err, "agents[1].id"), `"a1" is listed twice among the agents`);
    });
    it("allows at most 500 agents", () => {
      const people = Array.from({ length: 501 }, (_, i) => ({ id: `u${i}`, name: `U${i}` }));
      includesAll(bad(departmentBodySchema, { ...department, leads: people }).message, "leads: must have at most 500 leads (got 501)");
    });
    it("limits the name and the description", () => {
      includesAll(at(bad(departmentBodySchema, { ...department, name: " " }), "name"), "1 to 100 characters (got 0)");
      includesAll(at(bad(departmentBodySchema, { ...department, description: chars(2001) }), "description"), "at most 2,000 characters (got 2,001)");
    });
    it("needs a calendar and an SLA", () => {
      const err = bad(departmentBodySchema, { name: "IT" });
      includesAll(at(err, "calendar"), "is required", "Europe/Madrid");
      includesAll(at(err, "sla"), "is required", "warnAtPercent");
    });
  });

  describe("createRequestSchema", () => {
    it("accepts a request and applies defaults", () => {
      same(ok(createRequestSchema, { department: "it", title: "  VPN does not connect  " }), {
        department: "IT",
        title: "VPN does not connect",
        description: "",
        category: undefined,
        priority: "normal",
      });
    });
    it("treats null and empty optional fields as not given", () => {
      const r = ok(createRequestSchema, { department: "IT", title: "x", description: null, category: "", priority: null });
      assert.equal(r.description, "");
      assert.equal(r.category, undefined);
      assert.equal(r.priority, "normal");
    });
    it("keeps category and priority", () => {
      const r = ok(createRequestSchema, { department: "HR", title: "Payslip", category: "payroll", priority: "urgent" });
      assert.equal(r.category, "payroll");
      assert.equal(r.priority, "urgent");
    });
    it("limits the title to 200 characters after trimming", () => {
      assert.equal(ok(createRequestSchema, { department: "IT", title: ` ${chars(200)} ` }).title.length, 200);
      assert.equal(bad(createRequestSchema, { department: "IT", title: chars(201) }).message, "title: must be 1 to 200 characters (got 201).");
      assert.equal(bad(createRequestSchema, { department: "IT", title: "   " }).message, "title: must be 1 to 200 characters (got 0).");
    });
    it("limits the description to 32,000 characters", () => {
      assert.equal(ok(createRequestSchema, { department: "IT", title: "x", description: chars(32_000) }).description.length, 32_000);
      assert.equal(
        bad(createRequestSchema, { department: "IT", title: "x", description: chars(32_001) }).message,
        "description: must be at most 32,000 characters (got 32,001).",
      );
    });
    it("lists the priorities", () => {
      assert.equal(
        bad(createRequestSchema, { department: "IT", title: "x", priority: "critical" }).message,
        `priority: must be one of low, normal, high, urgent (got "critical").`,
      );
      includesAll(bad(prioritySchema, "High").message, "low, normal, high, urgent");
    });
    it("explains a wrong type", () => {
      includesAll(at(bad(createRequestSchema, { department: "IT", title: 42 }), "title"), "must be text of 1 to 200 characters (got 42)");
      includesAll(at(bad(createRequestSchema, { department: "IT", title: "x", category: "Hard ware" }), "category"), "lowercase letters");
    });
    it("passes non-Latin text through untouched", () => {
      for (const title of ["プリンターが動かない", "Не работает VPN", "الطابعة لا تعمل", "打印机坏了 🖨️", "Ñandú pidió acceso"]) {
        assert.equal(ok(createRequestSchema, { department: "IT", title }).title, title);
      }
    });
  });

  describe("fromEmailSchema", () => {
    it("accepts an email, dropping unknown fields at any level", () => {
      const v = ok(fromEmailSchema, {
        ...email,
        conversationId: "abc",
        from: { ...email.from, displayName: "x" },
        attachments: [{ name: "a.pdf", size: 10, contentType: "application/pdf", id: "att-1", isInline: false }],
      });
      assert.equal((v as Record<string, unknown>).conversationId, undefined);
      assert.deepEqual(v.from, { name: "Ana García", email: "ana@example.com" });
      assert.deepEqual(v.attachments, [{ name: "a.pdf", size: 10, contentType: "application/pdf" }]);
      assert.equal(v.bodyFormat, "text");
      assert.equal(v.priority, "normal");
      assert.equal(v.subject, "RE: FW: Printer on floor 3", "the subject is kept as sent");
    });
    it("uses the email address when the sender has no name", () => {
      same(ok(fromEmailSchema, { ...email, from: { name: "", email: "ops@example.com" } }).from, { name: "ops@example.com", email: "ops@example.com" });
      same(ok(fromEmailSchema, { ...email, from: { email: "ops@example.com" } }).from.name, "ops@example.com");
    });
    it("takes an empty or missing subject and body", () => {
      const v = ok(fromEmailSchema, { internetMessageId: "<x@y>", from: { name: "A", email: "a@example.com" }, department: "IT" });
      assert.equal(v.subject, "");
      assert.equal(v.body, "");
    });
    it("normalises receivedAt to UTC and refuses a bad one", () => {
      assert.equal(ok(fromEmailSchema, { ...email, receivedAt: "2026-03-02T10:30:00+01:00" }).receivedAt, "2026-03-02T09:30:00.000Z");
      assert.equal(ok(fromEmailSchema, { ...email, receivedAt: "" }).receivedAt, undefined);
      includesAll(at(bad(fromEmailSchema, { ...email, receivedAt: "yesterday" }), "receivedAt"), "ISO 8601 date-time", "2026-03-02T09:30:00Z");
      includesAll(at(bad(fromEmailSchema, { ...email, receivedAt: "2026-03-02T10:30:00" }), "receivedAt"), "add the zone");
    });
    it("takes an https web link or none", () => {
      assert.equal(ok(fromEmailSchema, { ...email, webLink: "https://outlook.office.com/owa/?ItemID=1" }).webLink, "https://outlook.office.com/owa/?ItemID=1");
      assert.equal(ok(fromEmailSchema, { ...email, webLink: "" }).webLink, undefined);
      includesAll(at(bad(fromEmailSchema, { ...email, webLink: "javascript:alert(1)" }), "webLink"), "https:// link");
      includesAll(at(bad(fromEmailSchema, { ...email, webLink: "http://example.com" }), "webLink"), "https:// link");
    });
    it("checks attachments", () => {
      includesAll(at(bad(fromEmailSchema, { ...email, attachments: [{ name: "a", size: -1, contentType: "x" }] }), "attachments[0].size"), "0 or more");
      const many = Array.from({ length: 501 }, () => ({ name: "a", size: 1, contentType: "text/plain" }));
      includesAll(bad(fromEmailSchema, { ...email, attachments: many }).message, "at most 500 attachments (got 501)");
      assert.equal(ok(fromEmailSchema, { ...email, attachments: [{ name: "a", size: 0 }] }).attachments?.[0].contentType, "application/octet-stream");
    });
    it("needs the message id, the sender's address and the department", () => {
      const err = bad(fromEmailSchema, { subject: "x", body: "y", from: { name: "A" }, bodyFormat: "rtf" });
      includesAll(at(err, "internetMessageId"), "is required");
      includesAll(at(err, "from.email"), "is required", "email address");
      includesAll(at(err, "department"), "is required", "department key");
      includesAll(at(err, "bodyFormat"), `"text" or "html"`);
      includesAll(at(bad(fromEmailSchema, { ...email, internetMessageId: "  " }), "internetMessageId"), "must not be blank");
    });
    it("never rejects a long body", () => {
      assert.equal(ok(fromEmailSchema, { ...email, body: chars(200_000) }).body.length, 200_000);
    });
  });

  describe("actionSchema", () => {
    const person = { id: "a1", name: "Ana" };
    it("accepts every action", () => {
      same(ok(actionSchema, { action: "take" }), { action: "take" });
      same(ok(actionSchema, { action: "assign", assignee: person }), { action: "assign", assignee: person });
      same(ok(actionSchema, { action: "comment", text: " hi " }), { action: "comment", text: "hi", public: true });
      same(ok(actionSchema, { action: "comment", text: "note", public: false }), { action: "comment", text: "note", public: false });
      for (const a of ["wait", "resume", "resolve", "reopen", "cancel"]) {
        same(ok(actionSchema, { action: a }), { action: a, text: undefined });
        same(ok(actionSchema, { action: a, text: "" }), { action: a, text: undefined });
        same(ok(actionSchema, { action: a, text: "Can you send a screenshot?" }), { action: a, text: "Can you send a screenshot?" });
      }
      same(ok(actionSchema, { action: "priority", priority: "high" }), { action: "priority", priority: "high" });
      same(ok(actionSchema, { action: "rate", score: 5 }), { action: "rate", score: 5, comment: undefined });
      same(ok(actionSchema, { action: "rate", score: 1, comment: "Slow" }), { action: "rate", score: 1, comment: "Slow" });
    });
    it("lists the valid actions for an unknown one", () => {
      assert.equal(
        bad(actionSchema, { action: "escalate" }).message,
        `action: must be one of take, assign, comment, wait, resume, resolve, reopen, cancel, priority, rate, thank, link, transfer, follow (got "escalate").`,
      );
      includesAll(bad(actionSchema, {}).message, "action: is required: one of take, assign");
      includesAll(bad(actionSchema, { action: 3 }).message, "one of take", "(got 3)");
      includesAll(bad(actionSchema, "take").message, `like {"action": "comment"`);
    });
    it("checks each action's fields", () => {
      includesAll(at(bad(actionSchema, { action: "comment", text: "   " }), "text"), "1 to 32,000 characters (got 0)");
      includesAll(at(bad(actionSchema, { action: "comment" }), "text"), "is required");
      includesAll(at(bad(actionSchema, { action: "comment", text: chars(32_001) }), "text"), "(got 32,001)");
      includesAll(at(bad(actionSchema, { action: "comment", text: "x", public: "no" }), "public"), "true (the requester sees it) or false");
      includesAll(at(bad(actionSchema, { action: "wait", text: chars(32_001) }), "text"), "at most 32,000 characters");
      includesAll(at(bad(actionSchema, { action: "assign" }), "assignee"), "is required", "a person like");
      includesAll(at(bad(actionSchema, { action: "assign", assignee: { id: "a1" } }), "assignee.name"), "is required");
      includesAll(at(bad(actionSchema, { action: "priority", priority: "asap" }), "priority"), "low, normal, high, urgent");
      includesAll(at(bad(actionSchema, { action: "take", assignee: person }), "assignee"), "not a known property", "allowed: action)");
    });
    for (const score of [0, 6, 4.5, "5", null]) {
      it(`refuses a rating of ${JSON.stringify(score)}`, () => {
        includesAll(at(bad(actionSchema, { action: "rate", score }), "score"), "whole number from 1 to 5");
      });
    }
    it("limits a rating comment to 2,000 characters", () => {
      includesAll(at(bad(actionSchema, { action: "rate", score: 3, comment: chars(2_001) }), "comment"), "at most 2,000 characters (got 2,001)");
    });
  });

  describe("query schemas", () => {
    it("listQuerySchema applies defaults and converts the limit", () => {
      same(ok(listQuerySchema, {}), { status: "open", limit: 50, cursor: undefined });
      same(ok(listQuerySchema, { status: "all", limit: "10", cursor: "abc" }), { status: "all", limit: 10, cursor: "abc" });
      same(ok(listQuerySchema, { status: "waiting", limit: "" }), { status: "waiting", limit: 50, cursor: undefined });
      assert.equal(ok(listQuerySchema, { limit: 200 }).limit, 200);
    });
    for (const limit of ["abc", "0", "201", "-1", "1.5", "1e2"]) {
      it(`listQuerySchema refuses limit=${limit}`, () => {
        assert.equal(bad(listQuerySchema, { limit }).message, `limit: must be a whole number from 1 to 200 (got ${JSON.stringify(limit)}).`);
      });
    }
    it("listQuerySchema refuses an unknown status, a repeated parameter and an unknown one", () => {
      includesAll(bad(listQuerySchema, { status: "done" }).message, "status: must be open, all, or one of new, in_progress, waiting, resolved, closed, cancelled");
      includesAll(bad(listQuerySchema, { limit: ["1", "2"] }).message, "limit: must be given once");
      includesAll(bad(listQuerySchema, { page: "2" }).message, "page: is not a known property", "status, limit, cursor");
    });
    it("statsQuerySchema takes dates or date-times, from before to", () => {
      same(ok(statsQuerySchema, {}), { from: undefined, to: undefined });
      same(ok(statsQuerySchema, { from: "2026-01-01", to: "2026-02-01" }), { from: "2026-01-01", to: "2026-02-01" });
      same(ok(statsQuerySchema, { from: "2026-01-01T00:00:00+01:00" }), { from: "2025-12-31T23:00:00.000Z", to: undefined });
      includesAll(bad(statsQuerySchema, { from: "2026-03-01", to: "2026-02-01" }).message, "to: must be after from");
      includesAll(bad(statsQuerySchema, { from: "2026-03-01", to: "2026-03-01" }).message, "to: must be after from");
      includesAll(bad(statsQuerySchema, { from: "2025-01-01", to: "2026-06-01" }).message, "at most 366 days", "shorter period");
      ok(statsQuerySchema, { from: "2024-01-01", to: "2025-01-01" });
      includesAll(bad(statsQuerySchema, { from: "last week" }).message, `from: must be a date like "2026-03-01" or a date-time`);
      includesAll(bad(statsQuerySchema, { to: "2026-02-30" }).message, "February 2026 has 28 days");
    });
    it("reportQuerySchema needs a month and knows json, csv and summary-csv", () => {
      same(ok(reportQuerySchema, { month: "2026-03" }), { month: "2026-03", format: "json" });
      same(ok(reportQuerySchema, { month: "2026-12", format: "csv" }), { month: "2026-12", format: "csv" });
      assert.equal(bad(reportQuerySchema, {}).message, `month: is required: the month to report, like "2026-03".`);
      includesAll(bad(reportQuerySchema, { month: "2026-13" }).message, `"YYYY-MM"`);
      includesAll(bad(reportQuerySchema, { month: "March" }).message, `(got "March")`);
      same(ok(reportQuerySchema, { month: "2026-12", format: "summary-csv" }), { month: "2026-12", format: "summary-csv" });
      includesAll(bad(reportQuerySchema, { month: "2026-03", format: "xlsx" }).message, "format: must be json, csv (one row per request) or summary-csv (the figures)");
    });
    it("previewQuerySchema defaults the priority and normalises the start", () => {
      same(ok(previewQuerySchema, {}), { priority: "normal", start: undefined });
      same(ok(previewQuerySchema, { priority: "urgent", start: "2026-03-02T10:30+01:00" }), { priority: "urgent", start: "2026-03-02T09:30:00.000Z" });
      includesAll(bad(previewQuerySchema, { priority: "asap" }).message, "priority: must be one of low, normal, high, urgent");
      includesAll(bad(previewQuerySchema, { start: "2026-03-02T10:30" }).message, "start:", "add the zone");
      includesAll(bad(previewQuerySchema, { start: "2026-02-30T10:30:00Z" }).message, "February 2026 has 28 days");
    });
  });

  describe("devTokenSchema", () => {
    it("accepts a dev user", () => {
      same(ok(devTokenSchema, { userId: "ana", name: "Ana", roles: ["Tandem.Admin"], tenantId: "contoso-1" }), {
        userId: "ana",
        name: "Ana",
        email: undefined,
        roles: ["Tandem.Admin"],
        tenantId: "contoso-1",
      });
    });
    it("checks its fields", () => {
      includesAll(at(bad(devTokenSchema, { userId: "a", name: "A", tenantId: "a|b" }), "tenantId"), "letters, digits and hyphens");
      includesAll(at(bad(devTokenSchema, { userId: "a", name: "A", tenantId: chars(65) }), "tenantId"), "1 to 64 characters");
      includesAll(at(bad(devTokenSchema, { userId: "a", name: "A", roles: Array(21).fill("r") }), "roles"), "at most 20 roles (got 21)");
      includesAll(at(bad(devTokenSchema, { userId: "a", name: "A", email: "nope" }), "email"), "valid email address");
      includesAll(at(bad(devTokenSchema, { name: "A" }), "userId"), "is required");
      includesAll(at(bad(devTokenSchema, { userId: "a", name: "A", admin: true }), "admin"), "allowed: userId, name, email, tenantId, roles");
    });
  });

  describe("garbage in", () => {
    // A small deterministic generator (mulberry32), so a failure can be replayed.
    function rng(seed: number) {
      const r = new Rng(seed);
      return () => r.next();
    }
    const KEYS = [
      "action", "department", "title", "description", "priority", "category", "text", "score", "comment", "public", "assignee",
      "id", "name", "email", "timeZone", "week", "holidays", "mon", "sun", "targets", "warnAtPercent", "low", "urgent",
      "firstResponseMinutes", "resolutionMinutes", "internetMessageId", "subject", "body", "bodyFormat", "from", "receivedAt",
      "webLink", "attachments", "size", "contentType", "status", "limit", "cursor", "to", "month", "format", "start", "userId",
      "tenantId", "roles", "__proto__", "constructor", "toString", "",
    ];
    const STRINGS = ["", " ", "IT", "it", "take", "rate", "comment", "high", "09:00", "24:00", "2026-02-30", "2026-03", "Europe/Madrid", "UTC+2", "a@b.co", "<p>x</p>", "&#x1F600;", "null", "NaN", "😀", "\u0000", "\ud800", "ñ", "<script>", "9".repeat(30)];
    function gen(r: () => number, depth: number): unknown {
      const k = Math.floor(r() * 12);
      switch (k) {
        case 0: return undefined;
        case 1: return null;
        case 2: return r() < 0.5;
        case 3: return [0, -1, 1, 5, 80, 1.5, NaN, Infinity, -Infinity, -0, 1e308, Number.MAX_SAFE_INTEGER + 2][Math.floor(r() * 12)];
        case 4: return STRINGS[Math.floor(r() * STRINGS.length)];
        case 5: return Array.from({ length: Math.floor(r() * 40) }, () => String.fromCharCode(Math.floor(r() * 0xffff))).join("");
        case 6:
        case 7:
        case 8: {
          if (depth > 3) return {};
          const o: Record<string, unknown> = {};
          const n = Math.floor(r() * 6);
          for (let i = 0; i < n; i++) Object.defineProperty(o, KEYS[Math.floor(r() * KEYS.length)], { value: gen(r, depth + 1), enumerable: true, configurable: true, writable: true });
          return o;
        }
        default: {
          if (depth > 3) return [];
          return Array.from({ length: Math.floor(r() * 4) }, () => gen(r, depth + 1));
        }
      }
    }
    /** A valid body with one field replaced by garbage. */
    function mutate(r: () => number, base: Record<string, unknown>): unknown {
      const keys = Object.keys(base);
      const key = keys[Math.floor(r() * keys.length)];
      return { ...base, [key]: gen(r, 1) };
    }
    const schemas: Array<[string, z.ZodType<unknown>, Record<string, unknown>]> = [
      ["createRequestSchema", createRequestSchema, { department: "IT", title: "x", priority: "high" }],
      ["fromEmailSchema", fromEmailSchema, email],
      ["actionSchema", actionSchema, { action: "rate", score: 4, comment: "ok" }],
      ["departmentBodySchema", departmentBodySchema, department],
      ["calendarSchema", calendarSchema, calendar],
      ["slaPolicySchema", slaPolicySchema, sla],
      ["listQuerySchema", listQuerySchema, { status: "open", limit: "10" }],
      ["statsQuerySchema", statsQuerySchema, { from: "2026-01-01", to: "2026-02-01" }],
      ["reportQuerySchema", reportQuerySchema, { month: "2026-03", format: "csv" }],
      ["previewQuerySchema", previewQuerySchema, { priority: "low", start: "2026-03-01T00:00:00Z" }],
      ["devTokenSchema", devTokenSchema, { userId: "u", name: "n" }],
      ["personSchema", personSchema, { id: "u", name: "n", email: "a@b.co" }],
    ];
    for (const [name, schema, base] of schemas) {
      it(`${name}: 300 random and mutated inputs never throw and always explain themselves`, () => {
        const r = rng(name.length * 7919);
        for (let i = 0; i < 300; i++) {
          const input = i % 2 === 0 ? gen(r, 0) : mutate(r, base);
          const result = parse(schema, input);
          if (!result.ok) {
            assert.equal(result.error.code, "invalid_input");
            assert.ok(result.error.message.length > 5 && result.error.message.endsWith("."), result.error.message);
            assert.ok(result.error.details.length > 0);
            for (const d of result.error.details) {
              assert.equal(typeof d.path, "string");
              assert.ok(d.message.length > 0);
              assert.doesNotMatch(d.message, /Invalid input|expected nonoptional/, "a zod default message leaked");
            }
          }
        }
      });
    }
  });
});
