/**
 * What past requests say: people's names, titles by category, and the sentences agents and
 * requesters write. Plain English and a little variety, so a desk full of generated history
 * reads like a real one (search, the queue, the monthly report's verbatims).
 */
import type { Random } from "./rng.ts";

const FIRST = [
  "Aisha", "Alberto", "Amelia", "Anders", "Ayesha", "Beatriz", "Bruno", "Camille", "Chen", "Chloe", "Daniel", "Deepa", "Elena",
  "Emeka", "Fatima", "Felix", "Gabriel", "Hana", "Hiroshi", "Ines", "Ivan", "Jamal", "Julia", "Kai", "Karin", "Lars", "Leila",
  "Lucas", "Maria", "Mateo", "Mei", "Nadia", "Noah", "Olivia", "Omar", "Pablo", "Priya", "Rafael", "Rania", "Sara", "Sean",
  "Sofia", "Tariq", "Thomas", "Valentina", "Wei", "Yusuf", "Zoe",
];
const LAST = [
  "Abebe", "Andersen", "Bauer", "Bianchi", "Costa", "Dubois", "Eriksson", "Fischer", "Fontaine", "Garcia", "Gupta", "Hansen",
  "Ibrahim", "Ito", "Jensen", "Kaur", "Kowalski", "Larsen", "Lopez", "Martin", "Moreau", "Müller", "Nakamura", "Nguyen",
  "Novak", "Okafor", "Olsen", "Patel", "Pereira", "Quinn", "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Smith", "Tanaka",
  "Torres", "Varga", "Wagner", "Walsh", "Wang", "Weber", "Yilmaz", "Zhang",
];

/** Person `i` of a tenant: the same name and address for the same index, every run. */
export function personName(i: number): { name: string; local: string } {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const round = Math.floor(i / (FIRST.length * LAST.length));
  const ascii = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ü/g, "u").toLowerCase();
  return { name: `${first} ${last}`, local: `${ascii(first)}.${ascii(last)}${round ? round + 1 : ""}` };
}

const THINGS: Record<string, string[]> = {
  access: ["my account is locked", "cannot sign in to the CRM", "need access to the finance share", "MFA prompt loops", "password reset link expired", "badge does not open the 3rd floor", "need admin rights for the build tools"],
  hardware: ["laptop will not start", "second monitor flickers", "docking station not charging", "keyboard missing keys", "new laptop for a new hire", "headset microphone is silent", "battery swells"],
  software: ["Excel crashes on open", "Teams keeps signing me out", "need a licence for Visio", "Outlook search finds nothing", "PDF editor install", "update broke the VPN client", "OneDrive stuck syncing"],
  network: ["VPN drops every few minutes", "Wi-Fi slow in meeting room 2", "cannot reach the intranet", "guest Wi-Fi for a visitor", "ethernet port dead at desk 14", "DNS errors on the test servers"],
  leave: ["how many vacation days are left", "parental leave paperwork", "sick leave certificate", "unpaid leave request", "holiday carried over from last year"],
  onboarding: ["onboarding plan for a new analyst", "contract for a starter next month", "buddy programme for new hires", "welcome pack not received"],
  benefits: ["pension contribution change", "health insurance for my partner", "gym subsidy form", "bike-to-work scheme"],
  payroll: ["overtime missing from payslip", "tax code looks wrong", "bonus not paid", "bank details changed"],
  expenses: ["expense report rejected", "per diem for the Lisbon trip", "card payment not matched", "mileage claim"],
  invoices: ["supplier invoice unpaid", "duplicate invoice from Fabrikam", "credit note needed", "invoice has the wrong VAT"],
  purchasing: ["purchase order for software licences", "PO approval stuck", "new supplier set-up", "quote comparison for chairs"],
  contracts: ["contract review for Contoso deal", "renewal terms for cloud hosting", "amendment to the services agreement", "liability clause question"],
  nda: ["NDA for the Fabrikam pilot", "mutual NDA with a start-up", "NDA signed by a freelancer"],
  privacy: ["data subject access request", "DPA for a new vendor", "retention period for CVs", "privacy notice for the survey"],
  repairs: ["meeting room projector broken", "leaking tap in the kitchen", "desk lamp does not work", "air conditioning too cold", "door handle loose"],
  rooms: ["desk move for the sales team", "book the large room for a workshop", "standing desk request", "quiet room booking system down"],
};
const GENERIC = ["question about a recent change", "request for help", "something stopped working", "need advice before Friday", "follow-up on last week's case"];

const OPENERS = ["Hi,", "Hello team,", "Good morning,", "Hi there,", ""];
const DETAILS = [
  "It started yesterday after the update.",
  "This blocks my work with a customer this week.",
  "Two colleagues in my team have the same problem.",
  "I tried restarting, it did not help.",
  "Nothing urgent, but it would help before the end of the month.",
  "I attached what I see on screen.",
  "Could you tell me what you need from me?",
];

export function titleFor(r: Random, category: string | undefined): string {
  const thing = r.pick(category && THINGS[category] ? THINGS[category] : GENERIC);
  return thing.charAt(0).toUpperCase() + thing.slice(1);
}

export function descriptionFor(r: Random, title: string): string {
  const parts = [r.pick(OPENERS), `${title}.`, r.pick(DETAILS)];
  if (r.chance(0.4)) parts.push(r.pick(DETAILS));
  if (r.chance(0.5)) parts.push("Thanks!");
  return parts.filter(Boolean).join(" ");
}

export const AGENT_FIRST = ["Looking into it now.", "I'm on it; I'll update you within the hour.", "Thanks, I can reproduce it.", "Got it, checking with the team."];
export const AGENT_NOTES = ["Same as last month's case; vendor ticket opened.", "Needs a lead's approval first.", "Escalated to second line.", "Waiting on the supplier's answer.", "Known issue, workaround in the wiki."];
export const AGENT_COMMENTS = ["Quick update: still working on it.", "The fix is being tested.", "I've asked the vendor; expect news tomorrow.", "Almost there, one last check.", "Scheduled for this afternoon."];
export const QUESTIONS = ["Which device and version are you on?", "Could you send a screenshot of the error?", "Which cost centre should we charge?", "When are you available for a call?", "Can you confirm your manager approved this?"];
export const REPLIES = ["Sent it just now.", "It's the laptop from last year, latest updates.", "Cost centre 4410.", "Tomorrow 10:00 works.", "Yes, approved by my manager this morning."];
export const REQUESTER_COMMENTS = ["Any news on this?", "It happened again this morning.", "Thanks, that helps.", "Adding a colleague's case, same symptoms.", "Is there a workaround meanwhile?"];
export const RESOLUTIONS = ["Fixed; please check on your side.", "Done: access granted.", "Replaced; the old one is recycled.", "Answered in the thread; closing.", "Processed, you'll see it in the next run.", "Configured and tested with you."];
export const REOPENS = ["It's back again, sorry.", "Still not working for me.", "Only half of it was done."];
export const RATING_COMMENTS = ["Quick and friendly, thanks!", "Took a while but solved.", "Great help.", "Had to ask twice.", "Perfect."];
/** Rating comments of a slow period (the generator's `pace` above 1.5). */
export const SLOW_COMMENTS = ["Nobody answered for days.", "Had to chase it three times.", "Solved in the end, but far too slow.", "I never knew who had it."];
/** The same in Spanish: some requesters write in Spanish, so verbatims come in both languages. */
export const RATING_COMMENTS_ES = ["¡Rápido y amable, gracias!", "Tardó un poco, pero quedó resuelto.", "Una gran ayuda.", "Perfecto."];
export const SLOW_COMMENTS_ES = ["Nadie respondió en días.", "Tuve que insistir tres veces.", "Resuelto al final, pero demasiado lento."];
/** Kudos: thanks to the people who worked a request. */
export const THANKS = ["Thanks, you saved my morning!", "Brilliant, thank you.", "Thanks for sorting this so fast.", "Much appreciated!"];
export const THANKS_ES = ["¡Gracias, me has salvado la mañana!", "Genial, muchas gracias.", "Gracias por resolverlo tan rápido."];
export const CANCELS = ["Sorted it out myself, thanks.", "Filed by mistake.", "No longer needed."];
