/* "Compare selected" (compare/selected/?ids=a,b,c): the papers ticked in the explorer, side by side, with the
 * same facts downloadable as CSV and as a LaTeX (booktabs) table.
 *
 * In: the ids in the address and compare/selected.json (scripts/fmreview/selection.py: every paper's facts as
 * the text a reader sees). Out: the page's table, and files built in the browser from that same text.
 * Entry text is only ever set as text, never parsed as markup; only http(s) addresses become links.
 */
(function () {
  "use strict";

  function ids() {
    var seen = {};
    return (new URLSearchParams(location.search).get("ids") || "").split(",").map(function (id) {
      return id.trim();
    }).filter(function (id) {
      var fresh = id && !seen[id];
      seen[id] = true;
      return fresh;
    });
  }

  function cell(tag, text, scope) {
    var element = document.createElement(tag);
    if (scope) element.scope = scope;
    if (/^https?:\/\/\S+$/.test(text)) {
      var link = document.createElement("a");
      link.href = text;
      link.rel = "noopener";
      link.textContent = text.replace(/^https?:\/\/(www\.)?/, "");
      element.appendChild(link);
    } else {
      element.textContent = text;
    }
    return element;
  }

  /* CSV (RFC 4180), one row per paper. A cell that a spreadsheet would take for a formula gets a leading
   * apostrophe (OWASP's advice for CSV injection). */
  function csvCell(text) {
    var safe = /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
    return /[",\n\r]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  }

  function toCsv(facts, papers) {
    var header = ["id", "model"].concat(facts.map(function (f) { return f[0]; }));
    var lines = [header.map(csvCell).join(",")];
    papers.forEach(function (p) {
      lines.push([p.id, p.model].concat(facts.map(function (f) { return p.facts[f[0]]; })).map(csvCell).join(","));
    });
    return lines.join("\n") + "\n";
  }

  var LATEX = { "\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
    "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" };

  function tex(text) {
    return String(text).replace(/[\\&%$#_{}~^]/g, function (c) { return LATEX[c]; }).replace(/[\r\n]+/g, " ");
  }

  /* A booktabs table laid out as the page shows it: one row per fact, one column per paper, each paper's
   * heading citing it by its key in the review's BibTeX. */
  function toLatex(facts, papers) {
    var lines = [
      "% " + papers.length + " papers compared; from " + tex(location.href),
      "% Needs \\usepackage{booktabs}; the \\cite keys are those of the review's BibTeX.",
      "\\begin{tabular}{l" + papers.map(function () { return "p{3.2cm}"; }).join("") + "}",
      "\\toprule",
      " & " + papers.map(function (p) { return tex(p.model) + "~\\cite{" + tex(p.id) + "}"; }).join(" & ") + " \\\\",
      "\\midrule",
    ];
    facts.forEach(function (f) {
      lines.push(tex(f[1]) + " & " + papers.map(function (p) { return tex(p.facts[f[0]]); }).join(" & ") + " \\\\");
    });
    lines.push("\\bottomrule", "\\end{tabular}");
    return lines.join("\n") + "\n";
  }

  function save(text, name, type) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function show(root, data) {
    var status = root.querySelector("#fm-selection-status");
    var wanted = ids();
    var unknown = wanted.filter(function (id) { return !data.papers[id]; });
    var papers = wanted.filter(function (id) { return data.papers[id]; }).map(function (id) {
      return { id: id, model: data.papers[id].model, facts: data.papers[id].facts };
    });
    var note = unknown.length ? " Not in the review: " + unknown.join(", ") + "." : "";
    if (!papers.length) {
      if (wanted.length) status.textContent = "None of these papers is in the review." + note;
      return;
    }
    var table = root.querySelector("#fm-selection-table");
    var head = document.createElement("tr");
    head.appendChild(cell("th", "Fact", "col"));
    papers.forEach(function (p) {
      var th = cell("th", "", "col");
      var link = document.createElement("a");
      link.href = new URL(root.dataset.root + "papers/" + encodeURIComponent(p.id) + "/", location.href).pathname;
      link.textContent = p.model;
      th.appendChild(link);
      head.appendChild(th);
    });
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren.apply(table.tBodies[0], data.facts.map(function (f) {
      var row = document.createElement("tr");
      row.dataset.fact = f[0];
      row.appendChild(cell("th", f[1], "row"));
      papers.forEach(function (p) { row.appendChild(cell("td", p.facts[f[0]])); });
      return row;
    }));
    table.hidden = false;
    status.textContent = "Comparing " + papers.length + " paper" + (papers.length === 1 ? "" : "s") + ": "
      + papers.map(function (p) { return p.model; }).join(", ") + "." + note;
    root.querySelector(".fm-selection__actions").hidden = false;
    root.querySelector("#fm-selection-csv").onclick = function () {
      save(toCsv(data.facts, papers), "comparison.csv", "text/csv");
    };
    root.querySelector("#fm-selection-latex").onclick = function () {
      save(toLatex(data.facts, papers), "comparison.tex", "application/x-tex");
    };
  }

  function mount() {
    var root = document.getElementById("fm-selection");
    if (!root || root.dataset.fmMounted) return;
    root.dataset.fmMounted = "true";
    fetch(new URL(root.dataset.src, location.href)).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      if (root.isConnected) show(root, data);
    }).catch(function (error) {
      root.querySelector("#fm-selection-status").textContent = "The comparison could not be loaded ("
        + error.message + ").";
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
