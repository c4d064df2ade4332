import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Department } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { settled } from "../support/tab-views.ts";

/**
 * Settings, agents and leads, and a new department (issue 16, item 6; headless Chromium): a lead
 * finds people in the directory (the demo people in dev mode) as they type, adds them as chips,
 * removes one, and saves with a reason; an admin creates a department, whose key is checked
 * next to its field, and finds it in the department picker.
 */
describe("Teams tab: people picker and new department in Settings (headless Chromium)", function () {
  this.timeout(120_000);
  let svc: TestService;
  let browser: Browser;

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  async function department(key: string): Promise<Department> {
    const res = await svc.call<Department>("GET", `/api/departments/${key}`, { token: await svc.token("alex") });
    assert.equal(res.status, 200, res.text);
    return res.body;
  }

  /** The department's board as `who`, on its Settings tab. */
  async function settingsOf(query: string, who: string, width: number, timezoneId?: string): Promise<Page> {
    const page = await openTab(browser, svc.url, query, { viewport: { width, height: 900 }, timezoneId });
    await signInOnTab(page, who);
    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByTestId("settings").waitFor();
    return page;
  }

  it("a lead searches the directory, adds an agent (mouse) and removes a mistaken one; saved, the API lists the agent (1280 px)", async () => {
    const page = await settingsOf("?view=board&department=HR", "Carla Rossi", 1280);
    const agents = page.getByTestId("people-agents");
    const input = agents.getByRole("combobox", { name: "Agents" });
    await agents.getByText("Diego Fernández").waitFor(); // HR's agent as stored
    await input.pressSequentially("ben");
    const offer = page.getByRole("option", { name: /Ben Okafor/ });
    await offer.getByText("ben@contoso.example").waitFor(); // name and email
    await settled(page);
    await page.getByTestId("settings-people").screenshot({ path: screenshotPath("tab-people-search-1280") });
    await offer.click();
    await chip(agents, "Ben Okafor").waitFor();
    assert.equal(await input.inputValue(), "", "the search is cleared once someone is chosen");

    // Chosen by mistake, then removed with a click on the chip.
    await input.pressSequentially("gra");
    await page.getByRole("option", { name: /Grace Kim/ }).click();
    const grace = chip(agents, "Grace Kim");
    await grace.waitFor();
    await grace.click();
    await grace.waitFor({ state: "detached" });

    // Someone the directory does not know: said in the list, nothing to choose.
    await input.pressSequentially("zq");
    await page.getByText("No one in the directory matches “zq”.").waitFor();
    await input.fill("");

    await page.getByRole("textbox", { name: /Reason/ }).fill("Ben covers payroll questions in January");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("settings-notice").waitFor();
    const hr = await department("HR");
    assert.deepEqual(hr.agents.map((p) => p.id).sort(), ["demo-ben", "demo-diego"], "Ben added, Grace not");
    assert.deepEqual(hr.leads.map((p) => p.id), ["demo-carla"]);
    await settled(page);
    await page.getByTestId("settings-people").screenshot({ path: screenshotPath("tab-people-saved-1280") });
    await page.close();
  });

  it("with the keyboard only: a lead adds a lead who is not an agent, Backspace removes a chip (320 px)", async () => {
    const page = await settingsOf("?view=board&department=IT", "Ana García", 320);
    assert.equal(await page.getByRole("button", { name: "New department" }).count(), 0, "creating departments is for admins");
    const leads = page.getByTestId("people-leads");
    const input = leads.getByRole("combobox", { name: "Leads" });
    await input.focus();
    await page.keyboard.type("isha");
    await page.getByRole("option", { name: /Isha Patel/ }).waitFor();
    await settled(page);
    await page.getByTestId("settings-people").screenshot({ path: screenshotPath("tab-people-search-320") });
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await chip(leads, "Isha Patel").waitFor();
    // And one too many: Hugo, then Backspace from the empty search goes back to his chip, and again removes it.
    await page.keyboard.type("hug");
    await page.getByRole("option", { name: /Hugo Martin/ }).waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await chip(leads, "Hugo Martin").waitFor();
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await chip(leads, "Hugo Martin").waitFor({ state: "detached" });
    assert.equal(await chip(leads, "Isha Patel").count(), 1, "Isha stays");

    assert.equal(await page.getByTestId("settings-notice").count(), 0, "Enter chose a person; it did not save the form");
    await page.getByRole("textbox", { name: /Reason/ }).fill("Isha leads the IT desk on Fridays");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("settings-notice").waitFor();
    const it = await department("IT");
    assert.deepEqual(it.leads.map((p) => p.id).sort(), ["demo-ana", "demo-isha"]);
    assert.deepEqual(it.agents.map((p) => p.id), ["demo-ben"], "Isha is a lead without being an agent");
    await settled(page);
    await page.getByTestId("settings-people").screenshot({ path: screenshotPath("tab-people-saved-320") });
    await page.close();
  });

  for (const width of [1280, 320]) {
    it(`an admin creates a department: a bad or taken key is said next to the field; the new one is in the department picker (${width} px)`, async () => {
      const key = width === 1280 ? "OPS" : "OPS2";
      // The admin works in Madrid: the new department starts in that zone.
      const page = await settingsOf("?view=board", "Alex Morgan", width, "Europe/Madrid");
      await page.getByRole("button", { name: "New department" }).click();
      const dialog = page.getByRole("dialog", { name: "New department" });
      const keyField = dialog.getByRole("textbox", { name: /Key/ });
      await keyField.fill("9ops");
      assert.equal(await keyField.inputValue(), "9OPS", "typed in capitals");
      await dialog.getByRole("textbox", { name: /Name/ }).fill("Operations <i>24x7</i>");
      await dialog.getByRole("textbox", { name: /Reason/ }).fill("Night shifts need their own queue");
      await dialog.getByText("It starts with working hours Monday to Friday 09:00–17:00 (Europe/Madrid)", { exact: false }).waitFor();
      await dialog.getByRole("button", { name: "Create" }).click();
      const bad = "Use 2 to 10 capital letters A-Z and digits, starting with a letter (got “9OPS”).";
      await dialog.getByText(bad).waitFor();
      assert.equal(await keyField.getAttribute("aria-invalid"), "true", "the key field is marked");
      await page.waitForFunction(() => document.activeElement?.getAttribute("aria-invalid") === "true");
      assert.equal(await keyField.evaluate((el) => el === document.activeElement), true, "the focus is on the key");
      assert.match((await describedBy(page, keyField)) ?? "", /Use 2 to 10 capital letters/, "the message belongs to the key field");
      await settled(page);
      await page.screenshot({ path: screenshotPath(`tab-people-newdept-error-${width}`) });

      await keyField.fill("HR");
      await dialog.getByRole("button", { name: "Create" }).click();
      await dialog.getByText("HR is already taken by Human Resources; pick another key.").waitFor();
      assert.equal((await department("HR")).name, "Human Resources", "HR is not replaced");

      await keyField.fill(key.toLowerCase());
      await dialog.getByRole("button", { name: "Create" }).click();
      await dialog.waitFor({ state: "detached" });
      const created = await department(key);
      assert.equal(created.name, "Operations <i>24x7</i>");
      assert.equal(created.calendar.timeZone, "Europe/Madrid");
      assert.deepEqual(created.calendar.week.mon, [["09:00", "17:00"]]);
      assert.deepEqual(created.calendar.week.sat, []);

      // The picker shows it, chosen; the name is text, not markup.
      const picker = page.getByRole("combobox", { name: "Choose a department" });
      await page.getByRole("heading", { name: "Operations <i>24x7</i>", level: 1 }).waitFor();
      assert.equal(await page.locator("h1 i").count(), 0, "no markup from the name");
      await picker.click();
      await page.getByRole("option", { name: `Operations <i>24x7</i> (${key})` }).waitFor();
      await settled(page);
      await page.screenshot({ path: screenshotPath(`tab-people-newdept-${width}`) });
      await page.keyboard.press("Escape");
      if (width === 1280) {
        // The reason given is public: the dashboard's change log shows the first promise with it.
        await page.getByRole("tab", { name: "SLA dashboard" }).click();
        await page.getByText("Why: Night shifts need their own queue").waitFor();
        await page.screenshot({ path: screenshotPath("tab-people-newdept-changes-1280"), fullPage: true });
        await page.getByText("Hours on Monday: 09:00-17:00", { exact: true }).waitFor();
      }
      await page.close();
    });
  }

  it("in Spanish: the pickers, the search and the new department's form speak Spanish (320 px)", async () => {
    const page = await openTab(browser, svc.url, "?view=board&department=FIN&locale=es", { viewport: { width: 320, height: 900 } });
    await signInOnTab(page, "Alex Morgan");
    await page.getByRole("tab", { name: "Configuración" }).click();
    const agents = page.getByTestId("people-agents");
    await agents.getByRole("combobox", { name: "Agentes" }).pressSequentially("zq");
    await page.getByText("Nadie en el directorio coincide con «zq».").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("people-leads").getByText("Responsables", { exact: true }).waitFor();
    await page.getByTestId("settings-people").screenshot({ path: screenshotPath("tab-people-es-320") });
    await page.getByRole("button", { name: "Nuevo departamento" }).click();
    const dialog = page.getByRole("dialog", { name: "Nuevo departamento" });
    await dialog.getByRole("textbox", { name: /Clave/ }).fill("x");
    await dialog.getByRole("button", { name: "Crear" }).click();
    await dialog.getByText("Usa de 2 a 10 letras mayúsculas A-Z y dígitos, empezando por una letra (se escribió «X»).").waitFor();
    await dialog.getByText("Ponle un nombre al departamento.").waitFor();
    await dialog.getByText("Explica por qué se crea el departamento.").waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath("tab-people-newdept-es-320") });
    await page.close();
  });

  it("a lead whose connection is lost: the picker says the directory cannot be searched, the people listed stay", async () => {
    const own = await startService({ demo: true });
    try {
      const page = await openTab(browser, own.url, "?view=board&department=IT", { viewport: { width: 1280, height: 900 } });
      await signInOnTab(page, "Ana García");
      await page.getByRole("tab", { name: "Settings" }).click();
      const agents = page.getByTestId("people-agents");
      await agents.getByText("Ben Okafor").waitFor();
      await own.close();
      await agents.getByRole("combobox", { name: "Agents" }).pressSequentially("is");
      await agents.getByText("The directory cannot be searched right now: Tandem cannot be reached; check your connection and try again. The people already listed stay.").waitFor();
      assert.equal(await chip(agents, "Ben Okafor").count(), 1, "Ben stays listed");
      await settled(page);
      await page.getByTestId("settings-people").screenshot({ path: screenshotPath("tab-people-offline-1280") });
      await page.close();
    } finally {
      await own.close().catch(() => {});
    }
  });
});

/** A chosen person's chip: an option of the picker's "<label> chosen" list. */
function chip(picker: import("playwright-core").Locator, name: string) {
  return picker.getByRole("listbox", { name: / chosen$/ }).getByRole("option", { name });
}

/** The text of the elements that describe a field (aria-describedby): where its error is said. */
async function describedBy(page: Page, field: import("playwright-core").Locator): Promise<string | undefined> {
  const ids = (await field.getAttribute("aria-describedby"))?.split(/\s+/) ?? [];
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}
