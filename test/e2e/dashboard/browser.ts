import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = fileURLToPath(new URL("../../../test-results/screenshots/", import.meta.url));

/** Debian's Chromium, headless and kept off the network (DESIGN.md: browser tests). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the dashboard's browser tests need it. ` +
        "Install it with `apt-get install -y chromium` (.ci/run does this when it is missing).",
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Serves a fetch handler on a free loopback port. */
export async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

export interface ContrastSample {
  text: string;
  ratio: number;
}

/**
 * WCAG contrast of every visible text element against the background it is painted on, computed
 * from getComputedStyle in the page (backgrounds blended up the ancestor chain over white).
 */
export function textContrast(page: Page): Promise<ContrastSample[]> {
  return page.evaluate(() => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (css: string): Rgba => {
      const parts = (/rgba?\(([^)]+)\)/.exec(css)?.[1] ?? "0,0,0,0")
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return { r: parts[0] ?? 0, g: parts[1] ?? 0, b: parts[2] ?? 0, a: parts[3] ?? 1 };
    };
    const over = (top: Rgba, under: Rgba): Rgba => ({
      r: top.r * top.a + under.r * (1 - top.a),
      g: top.g * top.a + under.g * (1 - top.a),
      b: top.b * top.a + under.b * (1 - top.a),
      a: 1,
    });
    const luminance = (c: Rgba) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    };
    const background = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.a > 0) layers.push(c);
        if (c.a === 1) break;
      }
      return layers.reverse().reduce((acc, layer) => over(layer, acc), { r: 255, g: 255, b: 255, a: 1 });
    };
    const samples: { text: string; ratio: number }[] = [];
    for (const el of document.querySelectorAll("body *")) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!ownText || el.closest(".sr-only")) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || box.right < 0 || style.visibility === "hidden") continue;
      if (el.closest("details:not([open])") && el.tagName !== "SUMMARY") continue;
      const fg = parse(el instanceof SVGElement ? style.fill : style.color);
      const bg = background(el instanceof SVGElement ? (el.closest("svg")?.parentElement ?? el) : el);
      const a = luminance(over(fg, bg));
      const b = luminance(bg);
      samples.push({
        text: `${el.tagName.toLowerCase()}: ${el.textContent?.trim().slice(0, 40)}`,
        ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
      });
    }
    return samples;
  });
}

/** Form controls without a label, and graphics without a text alternative. */
export function unlabelled(page: Page): Promise<{ controls: string[]; graphics: string[] }> {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll("input:not([type=hidden]), select, textarea, button")]
      .filter((el) => {
        const labels = (el as HTMLInputElement).labels;
        const named =
          (labels && labels.length > 0) ||
          el.getAttribute("aria-label") ||
          el.getAttribute("aria-labelledby") ||
          (el.tagName === "BUTTON" && el.textContent?.trim());
        return !named;
      })
      .map((el) => el.outerHTML.slice(0, 80));
    const nameOf = (el: Element) =>
      (el.getAttribute("aria-labelledby") ?? "")
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent?.trim() ?? "")
        .join(" ")
        .trim() ||
      el.getAttribute("aria-label") ||
      el.getAttribute("alt") ||
      "";
    const graphics = [...document.querySelectorAll("svg, img")]
      .filter((el) => el.getAttribute("aria-hidden") !== "true")
      .filter((el) => (el.tagName === "svg" && el.getAttribute("role") !== "img") || nameOf(el) === "")
      .map((el) => el.outerHTML.slice(0, 80));
    return { controls, graphics };
  });
}

/** What keyboard focus should visit, in order: every focusable element in document order. */
export function focusableInOrder(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("a[href], button, input:not([type=hidden]), summary")]
      .filter((el) => !el.closest("details:not([open]) > :not(summary)"))
      .map((el) => `${el.tagName.toLowerCase()}|${el.textContent?.trim().replace(/\s+/g, " ") ?? ""}`),
  );
}

/** Presses Tab and reports where focus went and whether it can be seen. */
export async function tabOnce(page: Page): Promise<{ id: string; outline: string; onScreen: boolean }> {
  await page.keyboard.press("Tab");
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      id: `${el.tagName.toLowerCase()}|${el.textContent?.trim().replace(/\s+/g, " ") ?? ""}`,
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      onScreen: box.left >= 0 && box.top >= 0 && box.width > 0 && box.height > 0,
    };
  });
}
