import assert from "node:assert/strict";

// The import rules between the add-in, web/ and the tab are in test/support/parts.ts (npm run check:parts).
describe("web/index.ts, the kit the add-in takes", () => {
  it("the kit's index exports what the add-in uses, each resolving to a real module", async () => {
    const kit = await import("../../web/index.ts");
    for (const name of ["Api", "ApiError", "apiFormErrors", "ClockBadge", "StatusBadge", "devToken", "forgetDevToken", "formatTime", "LocaleContext", "useLocale", "useT", "loadDevSignIn"]) {
      assert.ok((kit as Record<string, unknown>)[name] !== undefined, `the kit exports ${name}`);
    }
    const signIn = await kit.loadDevSignIn();
    assert.equal(typeof signIn.DevSignIn, "function");
  });
});
