// rolloutdocs: the index's filter and sort, and the search box. Pages work
// without this file; it only adds to them. No dependencies, no build step.
(function () {
  "use strict";

  // fold is text as the filter and the search compare it: lower case, and
  // Latin letters without their accents, so "activite" finds "activité".
  // Only the combining diacritical marks go (U+0300-U+036F): other
  // scripts' marks (Japanese voicing, Devanagari vowels) carry meaning.
  function fold(s) {
    s = s.toLowerCase();
    return s.normalize ? s.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : s;
  }

  // index is the index page's filter and sort as last set up. The live
  // preview (rolloutdocs serve) morphs an edited page in place, which puts
  // back the page as the server sent it: initIndex runs again then
  // (the "rolloutdocs:morphed" event), adds the buttons and options again
  // and re-applies the reader's sort and filter. Listeners go on each
  // control once; the controls survive a morph.
  var index = null;
  var sorted = null; // the reader's sort, {key, dir}

  function bindOnce(el, type, handler) {
    if (!el || el.rolloutdocsBound) return;
    el.rolloutdocsBound = true;
    el.addEventListener(type, handler);
  }

  function initIndex(again) {
    var table = document.getElementById("plans");
    var controls = document.getElementById("plan-controls");
    if (!table || !controls) return;
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var filter = document.getElementById("plan-filter");
    var status = document.getElementById("status-filter");
    var count = document.getElementById("plan-count");
    var empty = document.getElementById("plans-empty");
    controls.hidden = false;

    function apply() {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      var want = status.value;
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.foldedSearch;
        if (text === undefined) text = row.foldedSearch = fold(row.getAttribute("data-search") || "");
        var ok = (!want || row.getAttribute("data-status") === want) &&
          words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = "Showing " + shown + " of " + rows.length + " plans";
      if (empty) empty.hidden = shown !== 0;
      var params = new URLSearchParams(location.search);
      setParam(params, "q", filter.value);
      setParam(params, "status", want);
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
    function setParam(params, key, value) {
      if (value) params.set(key, value); else params.delete(key);
    }

    if (!again) {
      var initial = new URLSearchParams(location.search);
      if (initial.get("q")) filter.value = initial.get("q");
      if (initial.get("status")) status.value = initial.get("status");
    }
    bindOnce(filter, "input", function () { index.apply(); });
    bindOnce(status, "change", function () { index.apply(); });

    // Sorting: a button in each sortable column header and, for narrow
    // screens where the headers are hidden, a "Sort by" select offering
    // the same orders. Both go through sortBy, so they stay in step.
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var sortSelect = document.getElementById("plan-sort");
    headers.forEach(function (th) {
      var key = th.getAttribute("data-sort-key");
      if (!key || th.querySelector(".sort-button")) return;
      var label = th.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.setAttribute("data-sort-key", key);
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        index.sortBy(key, th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
      });
      if (sortSelect && !sortSelect.querySelector('option[value^="' + key + ':"]')) {
        ["ascending", "descending"].forEach(function (dir) {
          var words = th.getAttribute(dir === "ascending" ? "data-sort-asc" : "data-sort-desc");
          var option = document.createElement("option");
          option.value = key + ":" + dir;
          option.textContent = label + (words ? ", " + words : dir === "ascending" ? " (ascending)" : " (descending)");
          sortSelect.appendChild(option);
        });
      }
    });
    // Without a choice the rows are in title order, the first option.
    bindOnce(sortSelect, "change", function () {
      var parts = sortSelect.value.split(":");
      index.sortBy(parts[0], parts[1]);
    });

    function sortBy(key, dir) {
      sorted = { key: key, dir: dir };
      var column = -1;
      headers.forEach(function (h, i) {
        if (h.getAttribute("data-sort-key") === key) {
          column = i;
          h.setAttribute("aria-sort", dir);
        } else {
          h.removeAttribute("aria-sort");
        }
      });
      if (column < 0) return;
      if (sortSelect) sortSelect.value = key + ":" + dir;
      sortRows(column, dir === "ascending" ? 1 : -1);
    }

    function sortValue(row, column) {
      var cell = row.cells[column];
      var v = cell.getAttribute("data-sort-value");
      if (v === null) v = cell.textContent.trim().toLowerCase();
      return v;
    }
    function sortRows(column, dir) {
      var keyed = rows.map(function (row, i) { return { row: row, v: sortValue(row, column), i: i }; });
      var numeric = keyed.every(function (k) { return k.v !== "" && !isNaN(Number(k.v)); });
      keyed.sort(function (a, b) {
        var c = numeric ? Number(a.v) - Number(b.v) : a.v.localeCompare(b.v);
        return c !== 0 ? c * dir : a.i - b.i;
      });
      keyed.forEach(function (k) { tbody.appendChild(k.row); });
    }
    index = { apply: apply, sortBy: sortBy };
    if (again && sorted) sortBy(sorted.key, sorted.dir);
    apply();
  }

  function initSearch() {
    var form = document.querySelector("form.site-search");
    if (!form || !window.fetch) return;
    var input = form.querySelector("input");
    var list = document.getElementById("site-search-results");
    var status = document.getElementById("site-search-status");
    var base = form.getAttribute("data-base") || "/";
    var index = null;
    var loading = null;
    form.hidden = false;

    function load() {
      if (!loading) {
        loading = fetch(form.getAttribute("data-index"))
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(function (data) {
            index = data.map(function (e) {
              e.hay = fold(e.t + " " + (e.p || "") + " " + (e.x || ""));
              e.title = fold(e.t);
              return e;
            });
          })
          .catch(function () { index = []; status.textContent = "Search is unavailable here."; });
      }
      return loading;
    }

    function score(e, words) {
      var s = 0;
      for (var i = 0; i < words.length; i++) {
        if (e.hay.indexOf(words[i]) === -1) return -1;
        if (e.title.indexOf(words[i]) !== -1) s += 3;
        if (e.title.indexOf(words[i]) === 0) s += 2;
      }
      if (e.k === "Plan") s += 1;
      return s;
    }

    function render() {
      var q = fold(input.value.trim());
      list.textContent = "";
      if (!q) { list.hidden = true; status.textContent = ""; return; }
      var words = q.split(/\s+/);
      var hits = [];
      index.forEach(function (e) { var s = score(e, words); if (s >= 0) hits.push({ e: e, s: s }); });
      hits.sort(function (a, b) { return b.s - a.s || a.e.t.localeCompare(b.e.t); });
      hits.slice(0, 12).forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + h.e.u;
        a.textContent = h.e.t;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = h.e.k + (h.e.p ? " · " + h.e.p : "");
        a.appendChild(kind);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (!hits.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = "No matches";
        list.appendChild(none);
      }
      list.hidden = false;
      status.textContent = hits.length + (hits.length === 1 ? " result" : " results");
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", function () { load().then(render); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var first = list.querySelector("a");
      if (first) location.href = first.href;
    });
    form.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (ev.key === "ArrowDown" && links.length) {
        ev.preventDefault();
        links[Math.min(i + 1, links.length - 1)].focus();
      } else if (ev.key === "ArrowUp" && links.length) {
        ev.preventDefault();
        if (i <= 0) input.focus(); else links[i - 1].focus();
      } else if (ev.key === "Escape") {
        list.hidden = true;
        input.focus();
      }
    });
    document.addEventListener("click", function (ev) {
      if (!form.contains(ev.target)) list.hidden = true;
    });
  }

  // today is the reader's date as YYYY-MM-DD (their time zone), and
  // isoDay turns a Date into the same form. ?today=YYYY-MM-DD stands in for
  // the date, so a page can be shown (or tested) as of another day.
  function isoDay(d) {
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function today() {
    var asked = new URLSearchParams(location.search).get("today");
    if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked)) return asked;
    return isoDay(new Date());
  }
  function daysFrom(a, b) { // whole days from a to b, both YYYY-MM-DD
    return Math.round((Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10)) -
      Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10))) / 86400000);
  }
  function addDays(a, n) {
    var d = new Date(Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10) + n));
    return d.toISOString().slice(0, 10);
  }

  // initCalendar marks today on the calendar (the built page has no date
  // in it, so it stays the same from day to day) and scrolls a narrow
  // screen to it.
  function initCalendar() {
    var svg = document.querySelector("svg.calendar");
    if (!svg) return;
    var start = svg.getAttribute("data-axis-start");
    var dayWidth = +svg.getAttribute("data-day-width");
    var width = +svg.getAttribute("width");
    var marker = svg.querySelector(".cal-today");
    if (!start || !dayWidth || !marker) return;
    var x = daysFrom(start, today()) * dayWidth + dayWidth / 2;
    if (x < 0 || x > width) return; // today is off the calendar
    var line = marker.querySelector("line");
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
    var label = marker.querySelector("text");
    label.setAttribute("x", x + 3);
    if (x > width - 40) { label.setAttribute("x", x - 3); label.setAttribute("text-anchor", "end"); }
    marker.setAttribute("visibility", "visible");
    var legend = document.querySelector(".legend-today");
    if (legend) legend.hidden = false;
    var scroller = svg.closest(".calendar-scroll");
    if (scroller && scroller.scrollWidth > scroller.clientWidth) {
      scroller.scrollLeft = Math.max(0, x - scroller.clientWidth / 3);
    }
  }

  // keepNamesInView slides each plan's name along its bars while the
  // calendar scrolls sideways, so a row scrolled into the middle of its
  // plan still says whose it is.
  function keepNamesInView() {
    var scroller = document.querySelector(".calendar-scroll");
    if (!scroller || scroller.rolloutdocsBound) return;
    scroller.rolloutdocsBound = true;
    var names = Array.prototype.slice.call(scroller.querySelectorAll("text.cal-plan[data-from]"));
    function place() {
      var left = scroller.scrollLeft + 4;
      names.forEach(function (t) {
        var from = +t.getAttribute("data-from"), to = +t.getAttribute("data-to");
        if (t.getAttribute("text-anchor") === "end") return; // ends at its last bar already
        var width = t.getComputedTextLength ? t.getComputedTextLength() : 0;
        t.setAttribute("x", Math.max(from, Math.min(left, to - width)));
      });
    }
    scroller.addEventListener("scroll", place, { passive: true });
    place();
  }

  // initThisWeek fills the index's "rolling out this week" strip: each
  // plan's row holds its dated phases in a template.this-week-items, and
  // the strip shows those that run on some day of the reader's week
  // (Monday to Sunday), by start date, then plan. After a morph the list
  // is the page's empty one again, so it is filled anew.
  function initThisWeek() {
    var list = document.getElementById("this-week-list");
    if (!list) return;
    var day = today();
    var monday = addDays(day, -((new Date(day + "T00:00:00Z").getUTCDay() + 6) % 7));
    var sunday = addDays(monday, 6);
    var items = [];
    Array.prototype.forEach.call(document.querySelectorAll("template.this-week-items"), function (tpl) {
      Array.prototype.forEach.call(tpl.content.querySelectorAll("li[data-start]"), function (li) {
        if (li.getAttribute("data-start") <= sunday && li.getAttribute("data-end") >= monday) items.push(li);
      });
    });
    items.sort(function (a, b) {
      var as = a.getAttribute("data-start"), bs = b.getAttribute("data-start");
      if (as !== bs) return as < bs ? -1 : 1;
      var ap = a.getAttribute("data-plan") || "", bp = b.getAttribute("data-plan") || "";
      return ap < bp ? -1 : ap > bp ? 1 : 0;
    });
    while (list.firstChild) list.removeChild(list.firstChild);
    items.forEach(function (li) { list.appendChild(document.importNode(li, true)); });
    list.hidden = items.length === 0;
    var none = document.getElementById("this-week-none");
    if (none) none.hidden = items.length !== 0;
  }

  function init() { initIndex(false); initSearch(); initCalendar(); keepNamesInView(); initThisWeek(); }
  document.addEventListener("rolloutdocs:morphed", function () {
    initIndex(true);
    initCalendar();
    initThisWeek();
    var search = document.querySelector("form.site-search");
    if (search && window.fetch) search.hidden = false;
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
