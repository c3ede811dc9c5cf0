/* The papers explorer (papers/): facet filters that combine, counts that follow the filters, sortable
 * columns, the filter state in the address bar, and the filtered papers as BibTeX, RIS or CSL-JSON.
 *
 * In: the page's complete table (every paper a <tr data-id>), its hidden filter form, papers/explorer.json
 * (facet terms and per-paper facts, see scripts/fmreview/explorer.py) and the site's all.* citation files
 * (fetched on download).
 * Out: the same table, showing only the matching rows in the chosen order.
 *
 * It only moves the page's own rows and sets text, never markup, so entry text cannot become code here.
 * Material's instant navigation swaps pages without reloading scripts: the explorer mounts on every page
 * change (document$) and follows back/forward and same-page links through Material's location$.
 */
(function () {
  "use strict";

  var PAGE = 100;  // rows drawn at a time: keeps each keystroke well under 50 ms at 5,000 papers
  var DESCENDING_FIRST = { year: true, added: true };  // newest first on the first click
  var current = null;

  function fold(text) {
    // Case- and accent-insensitive matching: "muller" finds "Müller", "garcia" finds "García".
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;  // unchanged text costs no layout
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function Explorer(root, data) {
    this.root = root;
    this.path = location.pathname;
    this.form = root.querySelector("#fm-filters");
    this.input = root.querySelector("#fm-q");
    this.from = root.querySelector("#fm-from");
    this.to = root.querySelector("#fm-to");
    this.tbody = root.querySelector("#fm-table tbody");
    this.status = root.querySelector("#fm-status");
    this.empty = root.querySelector("#fm-empty");
    this.typing = false;
    this.sort = null;
    this.limit = PAGE;
    this.pending = null;  // a history entry not yet written (see remember)
    this.files = null;  // citation file name → promise of its records, loaded on first download
    this.index(data);
    this.wire();
    this.applyUrl(location.search);
    this.form.hidden = false;
    root.querySelector(".fm-results__bar").hidden = false;
    root.classList.add("fm-explorer--live");
  }

  /* Records, rows and controls, once per page view. Facets are the taxonomy axes, then one facet per
   * availability flag (its single term is "yes"), so that counting treats them all alike. */
  Explorer.prototype.index = function (data) {
    var self = this;
    var papers = data.papers;
    var rows = {};
    Array.prototype.forEach.call(this.tbody.rows, function (row) { rows[row.dataset.id] = row; });
    this.papers = papers;
    this.rows = papers.map(function (p) { return rows[p.id]; });
    if (this.rows.indexOf(undefined) >= 0) throw new Error("the table and its data disagree; reload the page");
    this.text = papers.map(function (p) { return fold(p.model + " | " + p.title + " | " + p.text); });
    this.years = papers.map(function (p) { return p.year; });
    this.facets = data.facets.map(function (f) { return { name: f[0], terms: f[1] }; })
      .concat(data.flags.map(function (name) { return { name: name, terms: ["yes"] }; }));
    var axes = data.facets.length;
    this.terms = this.facets.map(function (facet, k) {
      return k < axes
        ? papers.map(function (p) { return p.terms[k]; })
        : papers.map(function (p) { return p[facet.name] ? [0] : []; });
    });
    this.facets.forEach(function (facet) {
      var boxes = self.form.querySelectorAll('input[type=checkbox][name="' + facet.name + '"]');
      facet.boxes = facet.terms.map(function (term) {
        return Array.prototype.find.call(boxes, function (box) { return box.value === term; }) || null;
      });
      facet.counts = facet.boxes.map(function (box) {
        return box ? box.parentNode.querySelector(".fm-count") : null;
      });
      facet.shown = facet.terms.map(function () { return -1; });
      facet.details = boxes.length ? boxes[0].closest("details") : null;
    });
    // Each sortable column's order, computed once; a filter then walks the order instead of sorting.
    var natural = papers.map(function (p, i) { return i; });
    var key = {
      model: function (p) { return fold(p.model); },
      title: function (p) { return fold(p.title); },
      year: function (p) { return p.year; },
      added: function (p) { return p.added; },
    };
    this.orders = { "": natural };
    this.drawn = natural;  // the page's table holds every row, in this order
    Object.keys(key).forEach(function (name) {
      var values = papers.map(key[name]);
      // Ties keep the default order either way, so "newest first" lists one year's papers as the page does.
      self.orders[name] = natural.slice().sort(function (a, b) { return compare(values[a], values[b]) || a - b; });
      self.orders["-" + name] = natural.slice().sort(function (a, b) { return compare(values[b], values[a]) || a - b; });
    });
    this.headers = Array.prototype.slice.call(this.root.querySelectorAll("#fm-table th[data-sort]"));
  };

  Explorer.prototype.wire = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("input", function (event) {
      if (event.target === self.input) {
        self.update();
        self.remember(self.typing);  // one history entry per search, not one per keystroke
        self.typing = true;
      }
    });
    this.input.addEventListener("change", function () { self.typing = false; });
    this.form.addEventListener("change", function (event) {
      if (event.target === self.input) return;
      if (event.target === self.from && +self.from.value > +self.to.value) self.to.value = self.from.value;
      if (event.target === self.to && +self.to.value < +self.from.value) self.from.value = self.to.value;
      self.typing = false;
      self.update();
      self.remember(false);
    });
    this.form.addEventListener("reset", function () {
      // The form resets its controls after this event; read them once it has.
      setTimeout(function () { self.typing = false; self.update(); self.remember(false); }, 0);
    });
    this.root.querySelector("#fm-clear").addEventListener("click", function () { self.form.reset(); });
    this.root.querySelector("#fm-download").addEventListener("click", function () { self.download(); });
    this.headers.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fm-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      var mark = document.createElement("span");
      mark.className = "fm-sort__mark";
      mark.setAttribute("aria-hidden", "true");
      button.appendChild(mark);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var name = th.dataset.sort;
        var down = self.sort === null || self.sort.replace("-", "") !== name
          ? DESCENDING_FIRST[name] === true
          : self.sort.charAt(0) !== "-";
        self.sort = (down ? "-" : "") + name;
        self.update();
        self.remember(false);
      });
    });
    this.more = document.createElement("p");
    this.more.className = "fm-results__more";
    this.more.hidden = true;
    var next = document.createElement("button");
    next.type = "button";
    next.className = "md-button";
    next.addEventListener("click", function () { self.draw(self.limit + PAGE); });
    var all = document.createElement("button");
    all.type = "button";
    all.className = "md-button";
    all.addEventListener("click", function () { self.draw(Infinity); });
    this.more.appendChild(next);
    this.more.appendChild(document.createTextNode(" "));
    this.more.appendChild(all);
    this.moreButtons = [next, all];
    this.root.querySelector(".fm-table-wrap").after(this.more);
  };

  /* The filter state as the form holds it. */
  Explorer.prototype.read = function () {
    var tokens = fold(this.input.value).split(/\s+/).filter(Boolean);
    var selected = this.facets.map(function (facet) {
      return facet.boxes.map(function (box) { return box !== null && box.checked; });
    });
    return { tokens: tokens, from: +this.from.value, to: +this.to.value, selected: selected };
  };

  /* Filter, count and draw: one pass over the papers in the chosen order. A paper that fails no facet
   * matches and counts on every facet; one that fails exactly one facet counts on that facet only, so each
   * count says how many papers ticking that term would add (the usual disjunctive facet count). */
  Explorer.prototype.update = function () {
    var state = this.read();
    var facets = this.facets, terms = this.terms, text = this.text, years = this.years;
    var active = [];
    state.selected.forEach(function (ticks, k) { if (ticks.indexOf(true) >= 0) active.push(k); });
    var counts = facets.map(function (facet) { return new Int32Array(facet.terms.length); });
    var order = this.orders[this.sort || ""] || this.orders[""];
    var matched = [];
    var i, j, k, t, list, failed, fails;
    for (var n = 0; n < order.length; n++) {
      i = order[n];
      if (years[i] < state.from || years[i] > state.to) continue;
      for (j = 0; j < state.tokens.length; j++) if (text[i].indexOf(state.tokens[j]) < 0) break;
      if (j < state.tokens.length) continue;
      fails = 0;
      failed = -1;
      for (j = 0; j < active.length && fails < 2; j++) {
        k = active[j];
        list = terms[k][i];
        for (t = 0; t < list.length; t++) if (state.selected[k][list[t]]) break;
        if (t === list.length) { fails++; failed = k; }
      }
      if (fails === 0) {
        matched.push(i);
        for (k = 0; k < facets.length; k++) {
          list = terms[k][i];
          for (t = 0; t < list.length; t++) counts[k][list[t]]++;
        }
      } else if (fails === 1) {
        list = terms[failed][i];
        for (t = 0; t < list.length; t++) counts[failed][list[t]]++;
      }
    }
    this.matched = matched;
    this.showCounts(counts, state.selected);
    this.showSort();
    this.draw(PAGE);
  };

  Explorer.prototype.showCounts = function (counts, selected) {
    this.facets.forEach(function (facet, k) {
      for (var t = 0; t < facet.terms.length; t++) {
        var span = facet.counts[t];
        if (!span || facet.shown[t] === counts[k][t]) continue;
        facet.shown[t] = counts[k][t];
        span.textContent = String(counts[k][t]);
        span.parentNode.classList.toggle("fm-zero", counts[k][t] === 0 && !selected[k][t]);
      }
    });
  };

  Explorer.prototype.showSort = function () {
    var sort = this.sort || "";
    if (sort === this.shownSort) return;
    this.shownSort = sort;
    this.headers.forEach(function (th) {
      var name = th.dataset.sort;
      var mark = th.querySelector(".fm-sort__mark");
      if (sort.replace("-", "") === name) {
        th.setAttribute("aria-sort", sort.charAt(0) === "-" ? "descending" : "ascending");
        mark.textContent = sort.charAt(0) === "-" ? " ▼" : " ▲";
      } else {
        th.removeAttribute("aria-sort");
        mark.textContent = " ↕";
      }
    });
  };

  /* Put the first `limit` matching rows in the table. Rows that stay are left where they are (a row taken
   * out and put back has its style computed again, the main cost of a keystroke): remove the rows that go,
   * then insert the new ones in order. */
  Explorer.prototype.draw = function (limit) {
    var matched = this.matched, rows = this.rows, tbody = this.tbody;
    var count = Math.min(limit, matched.length), n;
    if (this.drawn.length > 2 * count + PAGE) {
      var fresh = new Array(count);  // the page's full table on first use: cheaper to start again
      for (n = 0; n < count; n++) fresh[n] = rows[matched[n]];
      tbody.replaceChildren.apply(tbody, fresh);
    } else {
      var keep = new Uint8Array(rows.length);
      for (n = 0; n < count; n++) keep[matched[n]] = 1;
      for (n = 0; n < this.drawn.length; n++) if (!keep[this.drawn[n]]) tbody.removeChild(rows[this.drawn[n]]);
      var cursor = tbody.firstChild;
      for (n = 0; n < count; n++) {
        var row = rows[matched[n]];
        if (row === cursor) cursor = cursor.nextSibling;
        else tbody.insertBefore(row, cursor);
      }
    }
    this.drawn = matched.slice(0, count);
    this.limit = Math.max(limit, PAGE);
    var total = this.papers.length, left = matched.length - count;
    setText(this.status, matched.length === total
      ? "All " + total + " papers"
      : matched.length + " of " + total + " papers match");
    this.empty.hidden = matched.length > 0;
    this.root.querySelector("#fm-download").disabled = matched.length === 0;
    this.more.hidden = left <= 0;
    setText(this.moreButtons[0], "Show " + Math.min(PAGE, left) + " more");
    setText(this.moreButtons[1], "Show all " + matched.length);
  };

  /* The address bar: text (not "q", which Material's search takes for itself), then each facet's terms (repeated keys), from, to, code, weights, sort. Defaults are
   * left out, so the plain page is plain papers/ and term pages can link papers/?modalities=ct. */
  Explorer.prototype.query = function () {
    var state = this.read(), params = new URLSearchParams();
    if (this.input.value.trim()) params.set("text", this.input.value.trim());
    this.facets.forEach(function (facet, k) {
      facet.terms.forEach(function (term, t) { if (state.selected[k][t]) params.append(facet.name, term); });
    });
    if (this.from.selectedIndex > 0) params.set("from", this.from.value);
    if (this.to.selectedIndex < this.to.options.length - 1) params.set("to", this.to.value);
    if (this.sort) params.set("sort", this.sort);
    var text = params.toString();
    return text ? "?" + text : "";
  };

  /* Record the state in the address bar once the table is drawn (history calls can take milliseconds that
   * a keystroke cannot spare). A push makes a new back-button step; a replace (further keystrokes of one
   * search) updates the current one. A change still waiting when the next discrete change comes is recorded
   * first, so that every click stays its own step. */
  Explorer.prototype.remember = function (replace) {
    var self = this;
    var url = location.pathname + this.query() + location.hash;
    if (!replace && this.pending !== null) this.commit();
    this.pushing = this.pushing || !replace;
    this.pendingUrl = url;
    clearTimeout(this.pending);
    this.pending = setTimeout(function () { self.commit(); }, replace ? 150 : 30);
  };

  Explorer.prototype.commit = function () {
    var push = this.pushing, url = this.pendingUrl;
    clearTimeout(this.pending);
    this.pending = null;
    this.pushing = false;
    if (!this.root.isConnected || location.pathname !== this.path) return;  // the reader has moved on
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(history.state, "", url);
  };

  /* Set the form from a query string (a shared link, the back button, or a term page's link). Unknown
   * parameters and terms are ignored. Accepts repeated keys or comma-separated values. */
  Explorer.prototype.applyUrl = function (search) {
    var params = new URLSearchParams(search);
    clearTimeout(this.pending);  // the address wins over a change not yet recorded
    this.pending = null;
    this.pushing = false;
    this.typing = false;
    this.input.value = params.get("text") || "";
    this.facets.forEach(function (facet) {
      var wanted = {};
      params.getAll(facet.name).forEach(function (value) {
        value.split(",").forEach(function (term) { wanted[term.trim()] = true; });
      });
      var any = false;
      facet.boxes.forEach(function (box) {
        if (!box) return;
        box.checked = wanted[box.value] === true || (box.value === "yes" && (wanted["1"] || wanted["true"]));
        any = any || box.checked;
      });
      if (any && facet.details) facet.details.open = true;
    });
    setYear(this.from, params.get("from"), 0);
    setYear(this.to, params.get("to"), this.to.options.length - 1);
    var sort = params.get("sort");
    this.sort = sort && this.orders[sort] ? sort : null;
    this.update();
  };

  function setYear(select, value, fallback) {
    var index = Array.prototype.findIndex.call(select.options, function (o) { return o.value === value; });
    select.selectedIndex = index >= 0 ? index : fallback;
  }

  /* Called for every location Material's instant navigation emits: act only on this page's own address. */
  Explorer.prototype.follow = function (url) {
    if (!this.root.isConnected || url.pathname !== this.path) return;
    if (url.search !== this.query()) this.applyUrl(url.search);
  };

  /* The selection as a citation file: the filtered papers' records, cut from the site's own file in the chosen
   * format and key style (all.bib, all-authoryear.ris, ...; see scripts/fmreview/citefiles.py), in that file's
   * order. Nothing is re-rendered here, so a download holds exactly the records the site publishes: for every
   * row, the body of the file itself. Each format has its own cut:
   *   BibTeX: one entry starts at each line beginning "@" (bib.py writes every field on one indented line);
   *   RIS: records are separated by a blank line (every value is one line, so no record holds one);
   *   CSL-JSON: an array of items, written back as JSON.stringify(items, null, 2), as csl.py writes it. */
  var FORMATS = {
    bib: { type: "application/x-bibtex", split: splitBib },
    ris: { type: "application/x-research-info-systems", split: splitRis },
    json: { type: "application/vnd.citationstyles.csl+json", split: splitJson },
  };

  function splitBib(text) {
    return text.split(/^(?=@)/m).map(function (chunk) {
      var key = /^@\w+\{([^,\s]+),/.exec(chunk);
      return key ? { key: key[1], text: chunk.trim() + "\n" } : null;
    }).filter(Boolean);
  }

  function splitRis(text) {
    return text.split(/\n\n(?=TY {2}- )/).map(function (chunk) {
      var key = /^ID {2}- (.*)$/m.exec(chunk);
      return key ? { key: key[1], text: chunk.replace(/\n*$/, "\n") } : null;
    }).filter(Boolean);
  }

  function splitJson(text) {
    return JSON.parse(text).map(function (item) { return { key: item.id, item: item }; });
  }

  function join(format, records, header) {
    if (format === "json") {
      return JSON.stringify(records.map(function (r) { return r.item; }), null, 2) + "\n";
    }
    var body = records.map(function (r) { return r.text; }).join("\n");
    return format === "bib" ? header + body : body;
  }

  Explorer.prototype.download = function () {
    var self = this, button = this.root.querySelector("#fm-download");
    var format = this.root.querySelector("#fm-format").value;
    var style = this.root.querySelector("#fm-keys").value;
    var name = "all" + (style === "authoryear" ? "-authoryear" : "") + "." + format;
    button.disabled = true;
    this.files = this.files || {};
    var loaded = this.files[name] || fetch(new URL(name, new URL(this.root.dataset.cite, location.href)))
      .then(function (response) {
        if (!response.ok) throw new Error("could not load " + name + " (" + response.status + ")");
        return response.text();
      }).then(FORMATS[format].split);
    this.files[name] = loaded;
    loaded.then(function (records) {
      var wanted = {};
      self.matched.forEach(function (i) {
        wanted[style === "authoryear" ? self.papers[i].key : self.papers[i].id] = true;
      });
      var chosen = records.filter(function (r) { return wanted[r.key] === true; });
      var header = "% " + chosen.length + " papers selected at " + location.href + "\n\n";
      var blob = new Blob([join(format, chosen, header)], { type: FORMATS[format].type });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "papers." + format;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }).catch(function (error) {
      delete self.files[name];
      self.status.textContent = "The download failed: " + error.message;
    }).then(function () { button.disabled = self.matched.length === 0; });
  };

  function mount() {
    var element = document.getElementById("fm-explorer");
    if (!element || element.dataset.fmMounted) return;
    element.dataset.fmMounted = "true";
    fetch(new URL(element.dataset.src, location.href)).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      if (element.isConnected) current = new Explorer(element, data);
    }).catch(function (error) {
      var note = document.createElement("p");
      note.className = "fm-results__status";
      note.textContent = "The filters could not be loaded (" + error.message + "); the table lists every paper.";
      element.insertBefore(note, element.firstChild);
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
  if (window.location$ && window.location$.subscribe) {
    window.location$.subscribe(function (url) { if (current) current.follow(url); });
  } else {
    window.addEventListener("popstate", function () { if (current) current.follow(location); });
  }
})();
