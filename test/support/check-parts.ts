/** `npm run check:parts` (the first step of `npm run build`): fails when an import breaks DESIGN.md "Parts". An argument checks another tree. */
import { partViolations, ROOT } from "./parts.ts";

const found = partViolations(process.argv[2] ?? ROOT);
if (found.length > 0) {
  console.error(`Imports that break DESIGN.md "Parts" (${found.length}):\n${found.map((f) => `  ${f}`).join("\n")}`);
  process.exit(1);
}
