// html-validate configuration for the pages `rolloutdocs build` writes. The
// Go tests (internal/htmlvalidate) pass it with --config; `root` stops
// html-validate from merging any .htmlvalidate.json it finds above the
// built site.
//
// "recommended" is every rule html-validate ships that is not purely
// opinion; "document" adds the rules that only make sense for a whole
// page (doctype, <title>, landmarks...). A rule is turned off below only
// when it forbids something the site does on purpose, with the reason.
module.exports = {
  root: true,
  extends: ["html-validate:recommended", "html-validate:document"],
  rules: {},
};
