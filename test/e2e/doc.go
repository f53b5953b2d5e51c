// Package e2e holds the end-to-end tests of the generated site: the example
// portfolio in content/ is built with the real builder, served over HTTP
// under a sub-path, checked by an HTML validator and by axe-core, and used
// in headless Chromium as a person would (filter, sort, follow a link).
//
// They need Debian's chromium and `npm ci --prefix tools/node`; without
// them the tests skip locally and fail under CI=true.
package e2e
