import { createRequire } from "node:module";

/**
 * adaptivecards-templating, typed here by hand: its own typings pull in the TypeScript
 * sources of `adaptivecards`, which do not type-check under this project's settings.
 */
interface TemplateEngine {
  Template: new (payload: object) => { expand(context: { $root: unknown }): unknown };
}

export const { Template } = createRequire(import.meta.url)("adaptivecards-templating") as TemplateEngine;
