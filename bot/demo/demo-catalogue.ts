import type { Calendar, Department, Person, SlaPolicy, Weekday, Window } from "../../shared/domain.ts";

/** People of the dev tenant, offered by the "sign in as" picker. Ids are stable across restarts. */
export const DEMO_USERS: Array<Person & { title: string; roles?: string[] }> = [
  { id: "demo-alex", name: "Alex Morgan", email: "alex@contoso.example", title: "Tandem admin", roles: ["Tandem.Admin"] },
  { id: "demo-ana", name: "Ana García", email: "ana@contoso.example", title: "IT lead" },
  { id: "demo-ben", name: "Ben Okafor", email: "ben@contoso.example", title: "IT agent" },
  { id: "demo-carla", name: "Carla Rossi", email: "carla@contoso.example", title: "HR lead" },
  { id: "demo-diego", name: "Diego Fernández", email: "diego@contoso.example", title: "HR agent" },
  { id: "demo-emma", name: "Emma Clarke", email: "emma@contoso.example", title: "Finance lead" },
  { id: "demo-farid", name: "Farid Haddad", email: "farid@contoso.example", title: "Finance agent" },
  { id: "demo-grace", name: "Grace Kim", email: "grace@contoso.example", title: "Legal lead" },
  { id: "demo-hugo", name: "Hugo Martin", email: "hugo@contoso.example", title: "Facilities lead" },
  { id: "demo-isha", name: "Isha Patel", email: "isha@contoso.example", title: "Facilities agent" },
  { id: "demo-dana", name: "Dana Whitfield", email: "dana@contoso.example", title: "Employee (requester)" },
];

const person = (id: string): Person => {
  const u = DEMO_USERS.find((x) => x.id === id)!;
  return { id: u.id, name: u.name, email: u.email };
};

function week(days: Partial<Record<Weekday, Window[]>>): Record<Weekday, Window[]> {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...days };
}
const weekdays = (w: Window[]) => week({ mon: w, tue: w, wed: w, thu: w, fri: w });

const policy = (fr: [number, number, number, number], res: [number, number, number, number]): SlaPolicy => ({
  warnAtPercent: 80,
  targets: {
    low: { firstResponseMinutes: fr[0], resolutionMinutes: res[0] },
    normal: { firstResponseMinutes: fr[1], resolutionMinutes: res[1] },
    high: { firstResponseMinutes: fr[2], resolutionMinutes: res[2] },
    urgent: { firstResponseMinutes: fr[3], resolutionMinutes: res[3] },
  },
});

// Public holidays 2026-2027 (national ones; regional days left out).
const SPAIN = ["2026-01-01", "2026-01-06", "2026-04-03", "2026-05-01", "2026-08-15", "2026-10-12", "2026-12-08", "2026-12-25", "2027-01-01", "2027-01-06", "2027-03-26"];
const USA = ["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25", "2027-01-01", "2027-01-18"];
const ENGLAND = ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29"];
const INDIA = ["2026-01-26", "2026-08-15", "2026-10-02", "2026-12-25", "2027-01-26"];

const cal = (timeZone: string, w: Record<Weekday, Window[]>, holidays: string[]): Calendar => ({ timeZone, week: w, holidays });

/** The demo catalogue: five departments in four time zones, each with its own hours and holidays. */
export const DEMO_DEPARTMENTS: Department[] = [
  {
    key: "IT",
    name: "IT",
    description: "Laptops, accounts, access, software and networks.",
    calendar: cal("Europe/Madrid", { ...weekdays([["08:00", "14:00"], ["15:00", "18:00"]]), fri: [["08:00", "15:00"]], sat: [], sun: [] }, SPAIN),
    sla: policy([480, 240, 60, 15], [4800, 2400, 480, 240]),
    categories: [
      { key: "access", name: "Access and accounts" },
      { key: "hardware", name: "Hardware" },
      { key: "software", name: "Software" },
      { key: "network", name: "Network and VPN" },
    ],
    agents: [person("demo-ben")],
    leads: [person("demo-ana")],
  },
  {
    key: "HR",
    name: "Human Resources",
    description: "Contracts, leave, onboarding, benefits and payroll questions.",
    calendar: cal("America/New_York", weekdays([["09:00", "17:00"]]), USA),
    sla: policy([960, 480, 240, 60], [7200, 4800, 1440, 480]),
    categories: [
      { key: "leave", name: "Leave and absence" },
      { key: "onboarding", name: "Onboarding" },
      { key: "benefits", name: "Benefits" },
      { key: "payroll", name: "Payroll" },
    ],
    agents: [person("demo-diego")],
    leads: [person("demo-carla")],
  },
  {
    key: "FIN",
    name: "Finance",
    description: "Expenses, invoices, purchase orders and budgets.",
    calendar: cal("Europe/London", weekdays([["09:00", "17:30"]]), ENGLAND),
    sla: policy([960, 480, 240, 120], [9600, 4800, 1920, 480]),
    categories: [
      { key: "expenses", name: "Expenses" },
      { key: "invoices", name: "Supplier invoices" },
      { key: "purchasing", name: "Purchase orders" },
    ],
    agents: [person("demo-farid")],
    leads: [person("demo-emma")],
  },
  {
    key: "LEGAL",
    name: "Legal",
    description: "Contract reviews, NDAs, compliance and data protection.",
    calendar: cal("America/New_York", weekdays([["09:00", "18:00"]]), USA),
    sla: policy([1440, 960, 480, 120], [14400, 7200, 2880, 960]),
    categories: [
      { key: "contracts", name: "Contract review" },
      { key: "nda", name: "NDA" },
      { key: "privacy", name: "Data protection" },
    ],
    agents: [],
    leads: [person("demo-grace")],
  },
  {
    key: "FAC",
    name: "Facilities",
    description: "Desks, rooms, building access, repairs and travel.",
    calendar: cal("Asia/Kolkata", week({ mon: [["09:30", "18:30"]], tue: [["09:30", "18:30"]], wed: [["09:30", "18:30"]], thu: [["09:30", "18:30"]], fri: [["09:30", "18:30"]], sat: [["10:00", "14:00"]] }), INDIA),
    sla: policy([480, 240, 120, 30], [4320, 2160, 540, 240]),
    categories: [
      { key: "repairs", name: "Repairs" },
      { key: "access", name: "Building access" },
      { key: "rooms", name: "Desks and rooms" },
    ],
    agents: [person("demo-isha")],
    leads: [person("demo-hugo")],
  },
];

/** A few requests so the first look at the desk shows clocks in several states. */
export const DEMO_REQUESTS: Array<{ as: string; department: string; title: string; description: string; category?: string; priority: "low" | "normal" | "high" | "urgent"; then?: Array<{ as: string; body: Record<string, unknown> }> }> = [
  { as: "demo-dana", department: "IT", title: "VPN drops every few minutes", description: "Since Monday the VPN disconnects about every 5 minutes when I work from home.", category: "network", priority: "high", then: [{ as: "demo-ben", body: { action: "take" } }] },
  { as: "demo-dana", department: "IT", title: "New laptop for the March hire", description: "Our new analyst starts on the 2nd; she needs a laptop with the standard image.", category: "hardware", priority: "normal" },
  { as: "demo-dana", department: "HR", title: "How many vacation days do I have left?", description: "The portal shows two different numbers.", category: "leave", priority: "low", then: [{ as: "demo-diego", body: { action: "wait", text: "Which two numbers do you see, and on which pages?" } }] },
  { as: "demo-dana", department: "FIN", title: "Expense report rejected without a reason", description: "Report ER-2291 for the Lisbon trip came back rejected.", category: "expenses", priority: "normal" },
  { as: "demo-ben", department: "LEGAL", title: "NDA review for Fabrikam pilot", description: "Fabrikam sent their NDA template; can Legal review it before Friday?", category: "nda", priority: "high" },
  { as: "demo-dana", department: "FAC", title: "Meeting room 4B projector is broken", description: "The projector does not turn on; the remote has new batteries.", category: "repairs", priority: "urgent", then: [{ as: "demo-isha", body: { action: "resolve", text: "Replaced the lamp; it works again." } }] },
];
