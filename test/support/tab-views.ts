/**
 * The tab's views as tests open them (accessibility, layout at every width, language): each as
 * the person who uses it, in a theme, a language and at a size, settled (no spinner). Readiness
 * is waited for by test ids and roles, never by English words, so a Spanish view opens the same.
 */
import type { Browser, Page } from "playwright-core";
import type { TestService } from "./service.ts";
import { openTab, signInOnTab } from "./tab.ts";

/** Waits until the page shows no spinner (Fluent's Spinner is role=progressbar) and has settled a little. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(250);
}

/** How to open a view: Teams' theme (default: light), language (default: English) and the window's size. */
export interface ViewOptions {
  theme?: "dark" | "contrast";
  locale?: "es";
  viewport?: { width: number; height: number };
}

export interface TabView {
  name: string;
  /** The files whose markup the view is: where a problem is fixed. */
  files: string;
  open(browser: Browser, svc: TestService, opts?: ViewOptions): Promise<Page>;
}

/** A view: its query, who signs in (none: the picker itself) and what shows it is there. */
function view(name: string, files: string, query: string, who: string | undefined, ready: (page: Page) => Promise<unknown>): TabView {
  return {
    name,
    files,
    async open(browser, svc, opts = {}) {
      const extra = `${opts.theme ? `&theme=${opts.theme}` : ""}${opts.locale ? `&locale=${opts.locale}` : ""}`;
      const page = await openTab(browser, svc.url, `${query}${extra}`, { viewport: opts.viewport });
      if (who) await signInOnTab(page, who);
      await ready(page);
      await settled(page);
      return page;
    },
  };
}

/** Every page of the tab, opened as the person who uses it. */
export const TAB_VIEWS: TabView[] = [
  view("the sign-in picker", "web/DevSignIn.tsx", "?view=board&department=IT", undefined, (p) => p.getByRole("button", { name: /Ben Okafor/ }).waitFor()),
  view("the board (IT's queue, as Ben)", "teams-app/src/views/Board.tsx, teams-app/src/board/*, teams-app/src/views/Views.tsx", "?view=board&department=IT", "Ben Okafor", (p) =>
    p.getByTestId("board-table").waitFor(),
  ),
  view("the SLA dashboard (IT, as Ben)", "teams-app/src/views/Dashboard.tsx, teams-app/src/dashboard/*, teams-app/src/views/Views.tsx", "?view=board&department=IT", "Ben Okafor", async (p) => {
    await p.getByRole("tab").nth(1).click();
    await p.getByTestId("dashboard").waitFor();
  }),
  view("the personal tab (my requests, as Dana)", "teams-app/src/views/MyRequests.tsx, teams-app/src/mine/*, web/badges.tsx, teams-app/src/views/Views.tsx", "?view=mine", "Dana Whitfield", (p) =>
    p.getByTestId("my-requests").waitFor(),
  ),
  view("a request's details on the board (IT-1, as Ben)", "teams-app/src/board/Details.tsx, teams-app/src/board/*", "?view=board&department=IT", "Ben Okafor", async (p) => {
    await p.locator('[data-id="IT-1"] button').last().click();
    await p.getByTestId("details").waitFor();
  }),
  view("a request's details in my requests (IT-1, as Dana)", "teams-app/src/mine/RequestDetails.tsx, teams-app/src/mine/*", "?view=mine&request=IT-1", "Dana Whitfield", (p) => p.getByRole("dialog").waitFor()),
  view("the scoreboard (every department, as Dana)", "teams-app/src/views/Scoreboard.tsx, teams-app/src/scoreboard/*", "?view=scoreboard", "Dana Whitfield", (p) =>
    p.getByTestId("scoreboard").locator("article").first().waitFor(),
  ),
  view("the scoreboard's TV mode (as Dana)", "teams-app/src/scoreboard/TvMode.tsx, teams-app/src/scoreboard/DepartmentCard.tsx", "?view=scoreboard&tv=1", "Dana Whitfield", (p) =>
    p.getByTestId("scoreboard-tv").locator("article").waitFor(),
  ),
  view("the monthly review (IT, as its lead Ana)", "teams-app/src/views/Review.tsx, teams-app/src/views/Views.tsx", "?view=board&department=IT&page=review", "Ana García", (p) =>
    p.getByTestId("review-figures").waitFor(),
  ),
  view("the configuration page (IT chosen, as Ana)", "teams-app/src/views/Config.tsx", "?view=config", "Ana García", async (p) => {
    await p.getByRole("radio", { name: "IT", exact: true }).check();
    await p.locator('a[href*="department=IT"]').waitFor();
  }),
];
