// rolloutdocs live preview. `rolloutdocs serve` injects this script into the
// pages it serves; a built site never contains it. It listens to the
// server's event stream and, when the open page changed, fetches it and
// morphs the live document into it (idiomorph, served in the same file:
// unchanged nodes, scroll, focus, open <details> and typed values stay),
// reloading only when a morph cannot be right. It also swaps stylesheets
// and shows the problems overlay.
(() => {
  "use strict";
  const script = document.currentScript;
  const server = script.dataset.server;
  let version = Number(script.dataset.version);
  const SCROLL_KEY = "rolloutdocs:scroll";
  const DISMISS_KEY = "rolloutdocs:dismissed";

  function store(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch (_) { /* storage disabled: features degrade, nothing breaks */ }
  }
  function recall(key) {
    try { return sessionStorage.getItem(key); } catch (_) { return null; }
  }

  // Scroll position: saved before a reload, restored once the new page has
  // laid out (now, and again after images have loaded).
  function reload() {
    store(SCROLL_KEY, JSON.stringify({ path: location.pathname, x: scrollX, y: scrollY }));
    location.reload();
  }
  (function restoreScroll() {
    let saved = null;
    try { saved = JSON.parse(recall(SCROLL_KEY)); } catch (_) { /* ignore */ }
    store(SCROLL_KEY, null);
    if (!saved || saved.path !== location.pathname) return;
    const apply = () => scrollTo(saved.x, saved.y);
    apply();
    if (document.readyState !== "complete") addEventListener("load", apply, { once: true });
  })();

  // Stylesheets: the changed ones are replaced by a fresh copy; the old
  // link goes once the new one has loaded, so the page never flashes
  // unstyled.
  function swapStyles(paths) {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || !paths.includes(decoded(url.pathname))) continue;
      url.searchParams.set("rolloutdocs", String(version));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      const drop = () => link.remove();
      fresh.addEventListener("load", drop, { once: true });
      fresh.addEventListener("error", drop, { once: true });
      link.after(fresh);
    }
  }

  // Site paths in events are not percent-encoded; location's are.
  function decoded(pathname) {
    try { return decodeURI(pathname); } catch (_) { return pathname; }
  }

  function onChange(change) {
    if (change.version <= version) return;
    version = change.version;
    if (change.cssOnly) {
      swapStyles(change.css);
      return;
    }
    const here = decoded(location.pathname);
    if (change.navigate && change.navigate !== here) {
      location.assign(change.navigate);
      return;
    }
    if (change.reloadAll) reload();
    else if (change.pages.includes(here)) refresh();
  }

  // Morphing. The page is fetched again (the server answers once the
  // rebuild is published) and the body morphed into the new one. A reload
  // is the answer when a morph cannot be right: the head changed (beyond
  // the title and description, which are set in place), a script changed
  // (a morph inserts scripts without running them), or the fetch failed.
  let refreshing = false;
  let again = false;
  async function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      do {
        again = false;
        if (!(await morphPage())) { reload(); return; }
      } while (again);
    } finally {
      refreshing = false;
    }
  }

  // pushed is the page's new HTML when the server sent it with the change
  // (see serveEvents); otherwise the page is fetched.
  let pushed = null;
  async function morphPage() {
    let html = null;
    if (pushed && pushed.path === decoded(location.pathname) && pushed.version >= version) html = pushed.html;
    pushed = null;
    if (html === null) {
      try {
        const res = await fetch(location.href, { cache: "no-store", credentials: "same-origin" });
        if (!res.ok || !(res.headers.get("Content-Type") || "").startsWith("text/html")) return false;
        html = await res.text();
      } catch (_) {
        return false;
      }
    }
    const doc = new DOMParser().parseFromString(html, "text/html");
    if (!doc.body || headOf(document) !== headOf(doc) || scriptsOf(document) !== scriptsOf(doc)) return false;
    if (document.title !== doc.title) document.title = doc.title;
    const description = (d) => d.head.querySelector('meta[name="description"]');
    const oldDesc = description(document), newDesc = description(doc);
    if (oldDesc && newDesc) oldDesc.content = newDesc.content;
    else if (oldDesc) oldDesc.remove();
    else if (newDesc) document.head.append(newDesc);
    const x = scrollX, y = scrollY;
    try {
      morphBody(doc);
    } catch (err) {
      console.warn("rolloutdocs: reloading, the page could not be updated in place:", err);
      return false;
    }
    rememberServed(document);
    if (scrollX !== x || scrollY !== y) scrollTo(x, y);
    // The page's own scripts (the index's filter and sort) re-apply what
    // they add to the page.
    document.dispatchEvent(new CustomEvent("rolloutdocs:morphed"));
    return true;
  }

  function morphBody(doc) {
    Idiomorph.morph(document.body, doc.body, {
      morphStyle: "outerHTML",
      ignoreActiveValue: true,
      restoreFocus: true,
      callbacks: {
        // This script's own tag and the preview's overlay and note are not
        // part of the page.
        beforeNodeMorphed: (node) => !isOurs(node),
        beforeNodeRemoved: (node) => !isOurs(node),
        beforeAttributeUpdated: keepUserState,
      },
    });
  }

  function isOurs(node) {
    return node.nodeType === 1 && (node === script || node.id === "rolloutdocs-problems" || node.id === "rolloutdocs-offline");
  }

  // headOf is the head as the server sent it, for comparison: without the
  // title and description (set in place) and with the query a stylesheet
  // swap adds taken off the links.
  function headOf(d) {
    const parts = [];
    for (const e of d.head.children) {
      if (e.localName === "title" || (e.localName === "meta" && e.name === "description")) continue;
      if (e.localName === "link" && e.hasAttribute("href")) {
        const c = e.cloneNode();
        const url = new URL(e.getAttribute("href"), location.href);
        url.searchParams.delete("rolloutdocs");
        c.setAttribute("href", url.origin === location.origin ? url.pathname + url.search : url.href);
        parts.push(c.outerHTML);
        continue;
      }
      parts.push(e.outerHTML);
    }
    return parts.join("\n") + "\n" + [...d.documentElement.attributes].map((a) => a.name + "=" + a.value).join(" ");
  }
  // scriptsOf lists the page's scripts outside the head, this one left out.
  function scriptsOf(d) {
    return [...d.body.querySelectorAll("script")]
      .filter((e) => !(e.src && new URL(e.src, location.href).pathname === "/_rolloutdocs/live.js"))
      .map((e) => e.outerHTML).join("\n");
  }

  // What the reader changed stays: a value typed into a field, a box
  // ticked, an option chosen, a <details> opened or closed. A field's
  // default (its attribute) tells whether the reader changed it; for
  // <details>, the state the server last sent is remembered.
  const servedOpen = new WeakMap();
  function rememberServed(d) {
    for (const e of d.querySelectorAll("details")) servedOpen.set(e, e.open);
  }
  rememberServed(document);
  function keepUserState(attr, el) {
    switch (attr) {
      case "open":
        return !(el.localName === "details" && servedOpen.has(el) && servedOpen.get(el) !== el.open);
      case "value":
        return !(("defaultValue" in el) && el.value !== el.defaultValue);
      case "checked":
        return !(el.localName === "input" && el.checked !== el.defaultChecked);
      case "selected":
        return !(el.localName === "option" && el.selected !== el.defaultSelected);
    }
    return true;
  }

  // The overlay lives in a shadow root so the site's styles and the
  // overlay's cannot affect each other. All user text goes in through
  // textContent: a message can never become markup.
  let overlay = null;
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function showProblems(ps) {
    if (overlay) { overlay.remove(); overlay = null; }
    if (!ps.errors.length) { store(DISMISS_KEY, null); return; }
    if (recall(DISMISS_KEY) === ps.key) return;

    const host = el("div");
    host.id = "rolloutdocs-problems";
    const root = host.attachShadow({ mode: "open" });
    const style = el("style");
    style.textContent = OVERLAY_CSS;
    root.append(style);

    const files = new Set(ps.errors.filter((p) => p.file).map((p) => p.file));
    const panel = el("section", "panel");
    panel.setAttribute("aria-labelledby", "rd-title");
    const head = el("header");
    const badge = el("span", "badge", "!");
    badge.setAttribute("aria-hidden", "true");
    const titles = el("div", "titles");
    const title = el("h2", "", plural(ps.errors.length, "error") +
      (files.size ? " in " + (files.size === 1 ? [...files][0] : plural(files.size, "file")) : ""));
    title.id = "rd-title";
    // Screen readers hear the summary once, not the whole list.
    const announce = el("p", "sr", title.textContent);
    announce.setAttribute("role", "alert");
    const sub = el("p", "sub", "The preview shows the last good version. Fix the file and save: this closes by itself.");
    titles.append(title, sub);
    const close = el("button", "close", "×");
    close.type = "button";
    close.title = "Hide until the problems change";
    close.setAttribute("aria-label", "Hide the problems");
    const dismiss = () => { store(DISMISS_KEY, ps.key); host.remove(); overlay = null; };
    close.addEventListener("click", dismiss);
    panel.addEventListener("keydown", (e) => { if (e.key === "Escape") dismiss(); });
    head.append(badge, titles, close);

    const list = el("ol", "list");
    for (const p of ps.errors) list.append(problemItem(p));
    panel.append(announce, head, list);
    if (ps.warnings) panel.append(el("p", "foot", "Also " + plural(ps.warnings, "warning") + ": see the terminal."));
    root.append(panel);
    document.body.append(host);
    overlay = host;
  }

  function problemItem(p) {
    const li = el("li", "item");
    const where = el("div", "where");
    if (p.file) where.append(el("code", "loc", p.file + ":" + p.line + ":" + p.col));
    if (p.rule) where.append(el("span", "rule", p.rule));
    li.append(where, el("p", "msg", p.message));
    if (p.source !== undefined && p.source !== "") {
      const chars = Array.from(p.source);
      const before = chars.slice(0, Math.max(0, p.col - 1));
      const rest = chars.slice(before.length);
      let len = rest.findIndex((c) => c === " " || c === "\t");
      if (len < 0) len = rest.length;
      len = Math.max(1, Math.min(len, 60));
      const gutter = String(p.line);
      const pre = el("pre", "src");
      const line = el("span", "line");
      line.append(el("span", "ln", gutter + " │ "), el("span", "code", p.source));
      const mark = el("span", "line");
      // Tabs stay tabs so the caret lines up under the same column.
      const pad = before.map((c) => (c === "\t" ? "\t" : " ")).join("");
      mark.append(el("span", "ln", " ".repeat(gutter.length) + " │ "), el("span", "caret", pad + "^".repeat(len)));
      mark.setAttribute("aria-hidden", "true");
      pre.append(line, "\n", mark);
      li.append(pre);
    }
    if (p.hint) {
      const hint = el("p", "hint");
      hint.append(el("strong", "", "Fix: "), p.hint);
      li.append(hint);
    }
    return li;
  }

  // A small note while the server is unreachable (stopped, restarting).
  let downNote = null;
  let downTimer = 0;
  function serverDown() {
    if (downTimer || downNote) return;
    downTimer = setTimeout(() => {
      downNote = el("div");
      downNote.id = "rolloutdocs-offline";
      const root = downNote.attachShadow({ mode: "open" });
      const style = el("style");
      style.textContent = OVERLAY_CSS;
      const pill = el("p", "pill", "Preview server stopped · reconnecting…");
      pill.setAttribute("role", "status");
      root.append(style, pill);
      document.body.append(downNote);
    }, 1000);
  }
  function serverUp() {
    clearTimeout(downTimer);
    downTimer = 0;
    if (downNote) { downNote.remove(); downNote = null; }
  }

  function connect() {
    const events = new EventSource("/_rolloutdocs/events?page=" + encodeURIComponent(decoded(location.pathname)));
    events.addEventListener("hello", (e) => {
      serverUp();
      const hello = JSON.parse(e.data);
      // A new server (restarted) or a build this page has not seen.
      if (hello.server !== server || hello.version !== version) reload();
    });
    events.addEventListener("page", (e) => { pushed = JSON.parse(e.data); });
    events.addEventListener("change", (e) => onChange(JSON.parse(e.data)));
    events.addEventListener("problems", (e) => showProblems(JSON.parse(e.data)));
    events.addEventListener("error", serverDown);
    addEventListener("pagehide", () => events.close());
  }

  const OVERLAY_CSS = `
:host { all: initial; }
.panel {
  position: fixed; z-index: 2147483647; top: 0.75rem; left: 50%; transform: translateX(-50%);
  box-sizing: border-box; width: min(56rem, calc(100vw - 1.5rem)); max-height: calc(100vh - 1.5rem);
  overflow: auto; overscroll-behavior: contain;
  background: #161b22; color: #e6edf3; border: 1px solid #30363d; border-top: 4px solid #f85149;
  border-radius: 10px; box-shadow: 0 18px 50px rgba(1, 4, 9, 0.55);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: left;
}
header { display: flex; gap: 0.85rem; align-items: flex-start; padding: 1rem 1.1rem 0.6rem; }
.badge {
  flex: none; width: 1.75rem; height: 1.75rem; border-radius: 50%; background: #f85149; color: #fff;
  display: grid; place-items: center; font-weight: 700; margin-top: 0.1rem;
}
.titles { flex: 1; min-width: 0; }
h2 { margin: 0; font-size: 1.05rem; font-weight: 650; color: #ffdcd7; overflow-wrap: anywhere; }
.sub { margin: 0.15rem 0 0; color: #9da7b3; font-size: 0.9rem; }
.close {
  flex: none; font: inherit; font-size: 1.4rem; line-height: 1; width: 2.25rem; height: 2.25rem;
  border-radius: 8px; border: 1px solid transparent; background: transparent; color: #9da7b3; cursor: pointer;
}
.close:hover { background: #21262d; color: #e6edf3; }
.close:focus-visible { outline: 2px solid #58a6ff; outline-offset: 1px; }
.list { list-style: none; margin: 0; padding: 0 1.1rem 0.4rem; }
.item { padding: 0.8rem 0; border-top: 1px solid #21262d; }
.where { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; }
.loc { font: 0.9rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #79c0ff; overflow-wrap: anywhere; }
.rule {
  font-size: 0.75rem; color: #ffa198; border: 1px solid #6e2b2b; background: #2d1517;
  border-radius: 999px; padding: 0 0.5rem;
}
.msg { margin: 0.3rem 0 0.5rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.src {
  margin: 0; padding: 0.6rem 0.8rem; background: #0d1117; border: 1px solid #21262d; border-radius: 6px;
  font: 0.88rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; tab-size: 4;
  overflow-x: auto; white-space: pre;
}
.ln { color: #8b949e; user-select: none; }
.code { color: #e6edf3; }
.caret { color: #ff7b72; font-weight: 700; }
.hint { margin: 0.5rem 0 0; color: #c9d1d9; font-size: 0.92rem; }
.hint strong { color: #7ee787; font-weight: 600; }
.sr {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.foot { margin: 0; padding: 0.6rem 1.1rem 0.9rem; color: #9da7b3; font-size: 0.88rem; border-top: 1px solid #21262d; }
.pill {
  position: fixed; z-index: 2147483647; left: 0.75rem; bottom: 0.75rem; margin: 0;
  padding: 0.4rem 0.8rem; border-radius: 999px; background: #161b22; color: #e6edf3;
  border: 1px solid #30363d; font: 13px/1.4 system-ui, sans-serif; box-shadow: 0 6px 20px rgba(1, 4, 9, 0.4);
}
@media (max-width: 40rem) {
  .panel { top: 0; width: 100vw; max-height: 100vh; border-radius: 0 0 10px 10px; }
  header { padding: 0.8rem 0.8rem 0.5rem; }
  .list { padding: 0 0.8rem 0.4rem; }
}
@media print { .panel, .pill { display: none; } }
@media (prefers-reduced-motion: no-preference) {
  .panel { animation: rd-in 120ms ease-out; }
  @keyframes rd-in { from { opacity: 0; transform: translate(-50%, -6px); } }
}
`;

  connect();
})();
