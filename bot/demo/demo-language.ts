/**
 * The demo catalogue in Spanish. The demo tenant is stored once, in English (what an admin
 * edits and a lead PUTs back); a Spanish reader (Accept-Language) gets its departments' names,
 * descriptions and categories, and the demo people's titles, in Spanish. Only text still exactly
 * as the demo seeded it is translated: a department an admin renamed or described anew is real
 * data and is shown as written, in whatever language it was written.
 */
import type { Department } from "../../shared/domain.ts";
import type { Locale } from "../../shared/strings/index.ts";
import { DEMO_DEPARTMENTS, DEMO_USERS } from "./demo-catalogue.ts";

interface Translation {
  name: string;
  description: string;
  categories: Record<string, string>;
}

/** Spanish for each demo department, by key (category names by category key). */
const SPANISH: Record<string, Translation> = {
  IT: {
    name: "IT",
    description: "Portátiles, cuentas, accesos, software y redes.",
    categories: { access: "Accesos y cuentas", hardware: "Hardware", software: "Software", network: "Red y VPN" },
  },
  HR: {
    name: "Recursos Humanos",
    description: "Contratos, permisos, incorporaciones, beneficios y dudas de nómina.",
    categories: { leave: "Permisos y ausencias", onboarding: "Incorporación", benefits: "Beneficios", payroll: "Nómina" },
  },
  FIN: {
    name: "Finanzas",
    description: "Gastos, facturas, órdenes de compra y presupuestos.",
    categories: { expenses: "Gastos", invoices: "Facturas de proveedores", purchasing: "Órdenes de compra" },
  },
  LEGAL: {
    name: "Legal",
    description: "Revisión de contratos, acuerdos de confidencialidad, cumplimiento y protección de datos.",
    categories: { contracts: "Revisión de contratos", nda: "Acuerdo de confidencialidad", privacy: "Protección de datos" },
  },
  FAC: {
    name: "Instalaciones",
    description: "Puestos, salas, acceso al edificio, reparaciones y viajes.",
    categories: { repairs: "Reparaciones", access: "Acceso al edificio", rooms: "Puestos y salas" },
  },
};

/** The demo people's titles in Spanish, by id. */
const SPANISH_TITLES: Record<string, string> = {
  "demo-alex": "Administrador de Tandem",
  "demo-ana": "Responsable de IT",
  "demo-ben": "Agente de IT",
  "demo-carla": "Responsable de RR. HH.",
  "demo-diego": "Agente de RR. HH.",
  "demo-emma": "Responsable de Finanzas",
  "demo-farid": "Agente de Finanzas",
  "demo-grace": "Responsable de Legal",
  "demo-hugo": "Responsable de Instalaciones",
  "demo-isha": "Agente de Instalaciones",
  "demo-dana": "Empleada (solicitante)",
};

/** The names, descriptions and categories of `d` in `locale`, where they are still the demo's own text. */
export function demoDepartmentIn<D extends Pick<Department, "key" | "name" | "description" | "categories">>(d: D, locale: Locale): D {
  if (locale !== "es") return d;
  const seeded = DEMO_DEPARTMENTS.find((x) => x.key === d.key);
  const es = SPANISH[d.key];
  if (!seeded || !es) return d;
  return {
    ...d,
    name: d.name === seeded.name ? es.name : d.name,
    description: d.description === seeded.description ? es.description : d.description,
    categories: d.categories.map((c) => (seeded.categories.find((s) => s.key === c.key)?.name === c.name && es.categories[c.key] ? { ...c, name: es.categories[c.key]! } : c)),
  };
}

/** A department's name in `locale` (for lists that carry only key and name, like /api/me). */
export function demoDepartmentName(key: string, name: string, locale: Locale): string {
  if (locale !== "es") return name;
  return DEMO_DEPARTMENTS.find((x) => x.key === key)?.name === name ? (SPANISH[key]?.name ?? name) : name;
}

/** The demo people, their titles in `locale`. */
export function demoUsersIn(locale: Locale): typeof DEMO_USERS {
  if (locale !== "es") return DEMO_USERS;
  return DEMO_USERS.map((u) => ({ ...u, title: SPANISH_TITLES[u.id] ?? u.title }));
}

/** Every demo text in English that a Spanish reader should never see (for tests). */
export function demoEnglishTexts(): string[] {
  const texts = DEMO_DEPARTMENTS.flatMap((d) => [d.description, ...d.categories.map((c) => c.name)]);
  texts.push(...DEMO_DEPARTMENTS.map((d) => d.name).filter((n) => SPANISH[DEMO_DEPARTMENTS.find((x) => x.name === n)!.key]!.name !== n));
  texts.push(...DEMO_USERS.map((u) => u.title));
  // Words the same in both languages (Hardware, Software) are no sign of English.
  const spanish = new Set(Object.values(SPANISH).flatMap((t) => Object.values(t.categories)));
  return texts.filter((x) => !spanish.has(x));
}
