// html-validate configuration for the pages `rolloutdocs build` writes. The
// Go tests (internal/htmlvalidate) pass it with --config; `root` stops
// html-validate from merging any .htmlvalidate.json it finds above the
// built site.
//
// "recommended" is every rule html-validate ships that is not purely
// opinion; "document" adds the rules that only make sense for a whole
// page (doctype, <title>, landmarks...). A rule is relaxed below only where
// it forbids something the site does on purpose, with the reason.
module.exports = {
  root: true,
  extends: ["html-validate:recommended", "html-validate:document"],
  rules: {
    // Subresource Integrity guards files fetched from another origin (a
    // CDN). The site loads only its own stylesheet and script, from the
    // same server as the page, so a hash adds nothing but churn.
    "require-sri": "off",

    // Page titles are built from what plan authors wrote ("Phase 2: Design
    // Partner Canary (2% of enterprise workspaces) · SAML Single Sign-On");
    // cutting them at 70 characters would drop the words that tell two
    // tabs apart. The limit is advice for search-engine snippets, not
    // validity.
    "long-title": "off",

    // The only form is the site search, a live search: results appear as
    // links while typing and Enter (implicit submission of its single
    // field) opens the first one. A separate submit button would do
    // nothing the field does not.
    "wcag/h32": "off",

    // Progress bars are drawn with a width computed from each plan's data
    // (style="width: 46%"), inside an element that carries the value as
    // text for assistive technology. Any other inline style is still an
    // error.
    "no-inline-style": ["error", { allowedProperties: ["display", "width"] }],
  },
};
