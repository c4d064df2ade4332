import assert from "node:assert/strict";
import fs from "node:fs";
import { buildStartPage, START_SCRIPT } from "../../bot/start-page/build.ts";

describe("the start page's script build", () => {
  it("bundles the shared SSE parser into one self-contained bot/public/start.js", async () => {
    const { bytes } = await buildStartPage({ quiet: true });
    const code = fs.readFileSync(START_SCRIPT, "utf8");
    assert.equal(Buffer.byteLength(code), bytes, "what was built is what is served (bytes: the strings hold Spanish letters)");
    // The browser loads it as is: an import left in it would ask the service for a .ts file.
    assert.doesNotMatch(code, /^\s*import\s/m);
    assert.match(code, /class SseParser|SseParser = class/);
    assert.match(code, /sse\.feed\(/);
  });
});
