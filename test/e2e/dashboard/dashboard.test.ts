import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardRoutes } from "../../../backend/dashboard/routes.js";
import { buildTestApp } from "../../helpers/app.js";
import { createTestPostgres } from "../../helpers/postgres.js";
import {
  focusableInOrder,
  launchChromium,
  listen,
  SCREENSHOTS,
  tabOnce,
  textContrast,
  unlabelled,
} from "./browser.js";
import { type Seeded, seedDashboard } from "./seed.js";

describe("dashboard in Chromium over real Postgres", { timeout: 60_000 }, () => {
  let store: Awaited<ReturnType<typeof createTestPostgres>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let seeded: Seeded;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];

  /** A fresh browser profile (no cookies) with a page that records any dialog a script opens. */
  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    return page;
  }

  async function signIn(page: Page, key: string) {
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.getByLabel("API key").fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);
  }

  async function checkAccessibility(page: Page, name: string) {
    const { controls, graphics } = await unlabelled(page);
    expect(controls, `${name}: unlabelled form controls`).toEqual([]);
    expect(graphics, `${name}: graphics without a text alternative`).toEqual([]);
    const samples = await textContrast(page);
    expect(samples.length, `${name}: text elements measured`).toBeGreaterThan(5);
    const low = samples.filter((s) => s.ratio < 4.5).map((s) => `${s.text} (${s.ratio.toFixed(2)}:1)`);
    expect(low, `${name}: text below 4.5:1`).toEqual([]);
  }

  beforeAll(async () => {
    browser = await launchChromium();
    store = await createTestPostgres();
    t = await buildTestApp(store);
    t.app.route("/", dashboardRoutes());
    seeded = await seedDashboard(t, store);
    server = await listen(t.app.fetch);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    await store?.drop();
  });

  it("signs in through the form into an HttpOnly, SameSite=Strict session", async () => {
    const page = await freshPage();
    await page.goto(`${server.url}/repos/acme/shop`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await checkAccessibility(page, "login");
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-login.png`, fullPage: true });

    await page.getByLabel("API key").fill("acw_wrong_key_wrong_key_wrong_key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("unknown or has been revoked");

    await page.getByLabel("API key").fill(t.adminKey);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back to the page first asked for.
    await page.waitForURL(`${server.url}/repos/acme/shop`);
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: "acw_session", httpOnly: true, sameSite: "Strict" });
  });

  it("renders the overview from the database and navigates overview → repository → PR → analysis by clicking", async () => {
    const page = await freshPage();
    await signIn(page, t.adminKey);

    // Overview: real rows and the numbers computed from them.
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Overview");
    const glance = page.locator(".stats");
    await expect.poll(() => glance.textContent()).toContain("Failures5");
    const text = (await glance.textContent()) ?? "";
    expect(text).toContain("Fix success rate33%"); // 1 pushed of 3 finished attempts
    expect(text).toContain("Median time to diagnosis38 s"); // diagnoses after 12, 20, 38, 50, 95 s
    expect(text).toContain("LLM spend$0.28"); // analyses $0.023 + fixes $0.26
    const rows = page.locator("section[aria-labelledby=recent] tbody tr");
    expect(await rows.count()).toBe(5);
    expect(await rows.first().textContent()).toContain("e2e (chromium)"); // newest first
    expect(await page.getByRole("img", { name: /Failures by category/ }).count()).toBe(1);
    const chartName = await page.locator("#category-chart-desc").textContent();
    expect(chartName).toMatch(/compilation: 1.*dependency: 1.*infrastructure: 1.*lint: 1.*test: 1/);
    await checkAccessibility(page, "overview");
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-overview.png`, fullPage: true });

    // → repository
    await page
      .getByRole("row", { name: /acme\/shop 4/ })
      .getByRole("link", { name: "acme/shop" })
      .click();
    await page.waitForURL(`${server.url}/repos/acme/shop`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("acme/shop");
    expect(await page.getByRole("img", { name: /Failures per day in acme\/shop/ }).count()).toBe(1);
    expect(await page.locator("section[aria-labelledby=flaky]").textContent()).toContain("e2e (chromium)");
    expect(await page.locator("section[aria-labelledby=causes]").textContent()).toContain(
      "react-dom@19 needs react@^19",
    );
    await checkAccessibility(page, "repository");
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-repository.png`, fullPage: true });

    // → pull request
    await page.getByRole("link", { name: "#42 Add login form" }).click();
    await page.waitForURL(`${server.url}/repos/acme/shop/pulls/42`);
    const events = await page.locator("ol.timeline > li").allTextContents();
    const kinds = events.map((e) => /UTC(\w[\w ]*):/.exec(e)?.[1]);
    expect(kinds).toEqual([
      "Check", // build passed
      "Check", // test failed
      "Failure", // test (20.x)
      "Failure", // lint, 5 s later
      "Analysis", // lint diagnosed after 12 s
      "Analysis", // test diagnosed after 38 s
      "Fix attempt", // pushed
      "Fix attempt", // failed validation
      "Review",
      "Review",
    ]);
    expect(events.join("\n")).toContain("performance reviewer: COMMENT at 71% confidence with 2 comments");
    // One failure at the head was fixed, the other's fix failed validation.
    expect(await page.locator(".kv").textContent()).toContain("Where it standsfailing");
    await checkAccessibility(page, "pull request");
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-pull-request.png`, fullPage: true });

    // → analysis
    await page.getByRole("link", { name: "test › test assertion" }).click();
    await page.waitForURL(`${server.url}/analyses/${seeded.shopAnalysisId}`);
    const gutter = await page.locator(".log tbody th").allTextContents();
    expect(gutter).toEqual(["118", "119", "120", "121", "122", "123", "124", "125", "126"]);
    const evidence = page.locator(".log tr.evidence");
    expect(await evidence.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-line")))).toEqual([
      "121",
      "122",
      "123",
      "124",
    ]);
    const backgrounds = await page
      .locator(".log tbody td")
      .evaluateAll((cells) => cells.map((c) => getComputedStyle(c).backgroundColor));
    expect(backgrounds[3]).toBe("rgb(255, 241, 168)"); // line 121: highlighted
    expect(backgrounds[0]).not.toBe(backgrounds[3]); // line 118: not
    expect(await page.locator(".log mark").count()).toBe(4);
    // Log text is shown as text, never run.
    await expect.poll(() => page.getByText(`Received: "<script>alert('xss')</script>"`).count()).toBe(1);
    expect(await page.locator("script").count()).toBe(0);
    expect(dialogs).toEqual([]);
    const body = (await page.locator("main").textContent()) ?? "";
    for (const expected of [
      "login rejects empty password: the validator returns the raw input instead of false",
      "src/login.test.ts:17:29",
      "src/login.ts:9",
      "login › rejects empty password",
      "test is allowed for auto-fix and confidence 86 ≥ threshold 80",
      "claude-sonnet-4-5",
      "$0.0131",
    ]) {
      expect(body).toContain(expected);
    }
    await checkAccessibility(page, "analysis");
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-analysis.png`, fullPage: true });

    // Breadcrumbs lead back up.
    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "#42" }).click();
    await page.waitForURL(`${server.url}/repos/acme/shop/pulls/42`);
  });

  it("reaches every link in order with Tab, with a visible focus ring", async () => {
    const page = await freshPage();
    await signIn(page, t.adminKey);
    const expected = await focusableInOrder(page);
    expect(expected.slice(0, 4)).toEqual([
      "a|Skip to content",
      "a|ACW dashboard",
      "a|Overview",
      "a|Sign out",
    ]);
    const visited = [];
    for (let i = 0; i < expected.length; i++) {
      const stop = await tabOnce(page);
      expect(stop.outline, `focus ring on ${stop.id}`).toMatch(/^solid (3|[4-9])px$/);
      expect(stop.onScreen, `${stop.id} is on screen when focused`).toBe(true);
      visited.push(stop.id);
    }
    expect(visited).toEqual(expected);
    // The skip link moves focus to the content.
    await page.goto(`${server.url}/`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  it("shows a key scoped to one repository only that repository, on every page", async () => {
    const page = await freshPage();
    await signIn(page, seeded.otherKey);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain("acme/other");
    expect(main).toContain("OTHER-REPO: getUser(id) is called with a string id");
    expect(main).not.toContain("acme/shop");
    expect(main).not.toContain("Add login form");
    expect(await page.locator("section[aria-labelledby=recent] tbody tr").count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-overview-scoped.png`, fullPage: true });

    for (const path of [
      "/repos/acme/shop",
      "/repos/acme/shop/pulls/42",
      `/analyses/${seeded.shopAnalysisId}`,
    ]) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(403);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Not allowed");
      expect(await page.locator("main").textContent()).not.toContain("login");
    }
    const own = await page.goto(`${server.url}/analyses/${seeded.otherAnalysisId}`);
    expect(own?.status()).toBe(200);
  });

  it("refuses a sign-in form posted from another site", async () => {
    // A page on another origin that posts the admin key to the dashboard, as a forged form would.
    const attacker = await listen(
      () =>
        new Response(
          `<!doctype html><form method="post" action="${server.url}/login"><input name="api_key" value="${t.adminKey}"></form><script>document.forms[0].submit()</script>`,
          { headers: { "content-type": "text/html" } },
        ),
    );
    try {
      const page = await freshPage();
      const attackerUrl = attacker.url.replace("127.0.0.1", "localhost");
      const posted = page.waitForResponse(
        (r) => r.url() === `${server.url}/login` && r.request().method() === "POST",
      );
      await page.goto(attackerUrl);
      const res = await posted;
      expect(res.status()).toBe(403);
      expect(await page.context().cookies(server.url)).toEqual([]);
    } finally {
      await attacker.close();
    }
  });

  it("signs out and then needs signing in again", async () => {
    const page = await freshPage();
    await signIn(page, t.adminKey);
    await page.getByRole("link", { name: "Sign out" }).click();
    await page.waitForURL(`${server.url}/login`);
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
  });
});
