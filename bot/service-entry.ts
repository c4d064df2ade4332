/**
 * The bundle's entry (bot/build.ts). A bundle hoists every npm package's import above all of its
 * own code, so bundling bot/index.ts alone would load restify, the Azure SDK and botbuilder
 * before telemetry could patch them. Here telemetry starts first, and the rest of the service
 * (a chunk of its own, with those imports) loads only after.
 */
import "./telemetry/init.ts";

await import("./index.ts");
