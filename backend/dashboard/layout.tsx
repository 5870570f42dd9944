import type { Child } from "hono/jsx";
import type { Viewer } from "./session.js";

/**
 * One small stylesheet, inlined and allowed by its hash in the Content-Security-Policy, so the
 * pages load nothing else and run no script. Colours are chosen for ≥ 4.5:1 text contrast.
 */
export const STYLESHEET = `
:root { --text: #1f2328; --muted: #57606a; --link: #0550ae; --line: #d0d7de; --panel: #f6f8fa;
  --focus: #0969da; --mark: #fff1a8; --mark-edge: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--text); background: #fff; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -10000px; top: 0; }
.skip:focus { left: 1rem; top: 0.5rem; background: #fff; padding: 0.25rem 0.5rem; z-index: 1; }
header.site { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; padding: 0.75rem 1.5rem;
  background: var(--panel); border-bottom: 1px solid var(--line); }
header.site .brand { font-weight: 700; color: var(--text); text-decoration: none; }
header.site nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
header.site .who { margin-left: auto; color: var(--muted); font-size: 0.875rem; }
main { max-width: 76rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.75rem; }
.crumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: 0.5rem; padding: 0; margin: 0;
  font-size: 0.875rem; }
.crumbs li + li::before { content: "›"; margin-right: 0.5rem; color: var(--muted); }
.muted { color: var(--muted); }
.demo { border: 2px dashed var(--mark-edge); background: #fffbeb; padding: 0.5rem 1rem; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.75rem;
  margin: 0; }
.stats div { border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; }
.stats dt { color: var(--muted); font-size: 0.875rem; }
.stats dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
.stats dd.muted { font-size: 0.875rem; font-weight: 400; }
table { border-collapse: collapse; width: 100%; font-size: 0.9375rem; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--panel); }
.badge { display: inline-block; padding: 0 0.45rem; border-radius: 1rem; border: 1px solid currentColor;
  font-size: 0.8125rem; white-space: nowrap; }
.good { color: #116329; } .bad { color: #a40e26; } .warn { color: #7d4e00; } .info { color: #0550ae; }
.empty { border: 1px dashed var(--line); border-radius: 6px; padding: 1rem; background: var(--panel); }
code, pre, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875rem; }
.chart { max-width: 100%; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 0.75rem; list-style: none; padding: 0; font-size: 0.875rem; }
.legend svg { vertical-align: middle; }
.log { border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; font-size: 0.8125rem; }
.log table { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.log th { width: 1%; text-align: right; color: var(--muted); background: var(--panel); font-weight: 400;
  border-right: 1px solid var(--line); user-select: none; }
.log th, .log td { border-bottom: 0; padding-top: 0; padding-bottom: 0; line-height: 1.6; }
.log td { white-space: pre; }
.log tr.evidence td { background: var(--mark); box-shadow: inset 4px 0 0 var(--mark-edge); }
.log tr.evidence th { color: var(--text); font-weight: 700; }
.log mark { background: transparent; color: inherit; }
.timeline { list-style: none; padding: 0; border-left: 3px solid var(--line); margin-left: 0.5rem; }
.timeline li { padding: 0.25rem 0 0.75rem 1rem; }
.timeline time { color: var(--muted); font-size: 0.875rem; display: block; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
.kv dt { color: var(--muted); } .kv dd { margin: 0; }
form.signin { max-width: 28rem; display: grid; gap: 0.5rem; }
form.signin input { font: inherit; padding: 0.5rem; border: 1px solid #6e7781; border-radius: 6px; }
form.signin button { font: inherit; padding: 0.5rem 1rem; border: 0; border-radius: 6px;
  background: #1f6feb; color: #fff; font-weight: 600; cursor: pointer; justify-self: start; }
.alert { border: 1px solid #a40e26; color: #a40e26; background: #fff5f5; padding: 0.5rem 1rem; border-radius: 6px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

let styleHash: Promise<string> | undefined;
async function hashOf(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** Nothing but this page's own stylesheet, form posts to itself, and no framing. */
export async function contentSecurityPolicy(): Promise<string> {
  styleHash ??= hashOf(STYLESHEET);
  return [
    "default-src 'none'",
    `style-src 'sha256-${await styleHash}'`,
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function Layout(props: { title: string; viewer?: Viewer; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${props.title} · ACW`}</title>
        {/* Our own constant stylesheet, never data: the one place raw HTML is allowed. */}
        <style dangerouslySetInnerHTML={{ __html: STYLESHEET }} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <a class="brand" href="/">
            ACW dashboard
          </a>
          {props.viewer ? (
            <>
              <nav aria-label="Site">
                <ul>
                  <li>
                    <a href="/">Overview</a>
                  </li>
                </ul>
              </nav>
              <p class="who">
                Signed in with {props.viewer.label}
                {props.viewer.scope.kind === "all" ? " · all repositories" : ""}
                {props.viewer.viaCookie ? (
                  <>
                    {" · "}
                    <a href="/logout">Sign out</a>
                  </>
                ) : null}
              </p>
            </>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function Crumbs(props: { trail: { href?: string; label: string }[] }) {
  return (
    <nav class="crumbs" aria-label="Breadcrumb">
      <ol>
        {props.trail.map((step, i) =>
          step.href && i < props.trail.length - 1 ? (
            <li>
              <a href={step.href}>{step.label}</a>
            </li>
          ) : (
            <li aria-current="page">{step.label}</li>
          ),
        )}
      </ol>
    </nav>
  );
}
