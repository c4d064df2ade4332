import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import type { RequestView } from "../../shared/domain.ts";
import { atOnce } from "../support/api.ts";
import { useServiceAndBrowser } from "../support/browser.ts";
import type { TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";

/** The personal tab shows every request of someone with more than a page of them (issue 12). */
describe("Teams tab: my requests beyond one page (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  it("lists the first page, and 'Show older requests' adds the rest until none are left", async () => {
    const dana = await svc.token("dana");
    const filed = await atOnce(70, (i) => svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: `Paged request ${i}` } }));
    assert.ok(filed.every((r) => r.status === 201));
    const open: RequestView[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const res = await svc.call("GET", `/api/me/requests?status=open&limit=200${cursor ? `&cursor=${cursor}` : ""}`, { token: dana });
      open.push(...res.body.items);
      cursor = res.body.nextCursor;
    }
    assert.ok(open.length > 50, `Dana has ${open.length} open requests: more than a page`);

    const page = await openTab(browser, svc.url, "?view=mine");
    await signInOnTab(page, "Dana Whitfield");
    const rows = page.locator("[data-testid=my-requests] li");
    const older = page.getByTestId("my-requests-older");
    await older.waitFor();
    assert.equal(await rows.count(), 50, "the first page");
    while (await older.isVisible()) {
      const before = await rows.count();
      await older.click();
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=my-requests] li").length > n, before);
      await page.waitForFunction(() => !document.querySelector("[data-testid=my-requests-older][disabled]"));
    }
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-request")));
    assert.equal(new Set(ids).size, ids.length, "none twice");
    assert.deepEqual([...ids].sort(), open.map((r) => r.id).sort(), "every open request");
    const byId = new Map(open.map((r) => [r.id, r]));
    const shown = ids.map((id) => byId.get(id!)!);
    for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1]!.createdAt >= shown[i]!.createdAt, "newest first");
    await page.close();
  });
});
