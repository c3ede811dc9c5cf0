/* The meta-analysis charts narrowed to one modality or one task (meta-analysis/?narrow=modalities/ct).
 *
 * In: the page's form#fm-narrow, whose data-variants holds, per narrowing, its label, its paper count and the
 * alt text of each narrowed chart (scripts/fmreview/analysis.py); the narrowed charts and their CSVs were drawn
 * at build time under narrow/<axis>/<term>/. Out: each narrowable figure's image, alt text and data links
 * swapped, the others marked as covering all papers, the choice announced and kept in the address.
 * Without JavaScript the form stays hidden and the page shows the all-papers charts.
 */
(function () {
  "use strict";

  function mount() {
    var form = document.getElementById("fm-narrow");
    if (!form || form.dataset.fmMounted) return;
    form.dataset.fmMounted = "true";
    var variants = JSON.parse(form.dataset.variants || "{}");
    var select = form.querySelector("select");
    var status = document.getElementById("fm-narrow-status");
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.fm-figure"));
    figures.forEach(function (figure) {
      var image = figure.querySelector("img.fm-chart");
      figure.fmAll = image.src.replace(/\.svg$/, "");  // absolute: the theme may rewrite relative addresses
      figure.fmAlt = image.getAttribute("alt");
    });

    function show(key, announce) {
      var chosen = Object.prototype.hasOwnProperty.call(variants, key) ? variants[key] : null;
      if (!chosen) key = "";
      select.value = key;
      figures.forEach(function (figure) {
        var note = figure.querySelector(".fm-narrow-note");
        if (note) note.hidden = !chosen;
        var slug = figure.dataset.narrow;
        if (!slug) return;
        var alt = chosen && chosen.alt[slug];
        var stem = alt ? figure.fmAll.replace(/[^/]*$/, "narrow/" + key + "/" + slug) : figure.fmAll;
        var image = figure.querySelector("img.fm-chart");
        image.src = stem + ".svg";
        image.alt = alt || figure.fmAlt;
        var data = figure.querySelector(".fm-chart-data");
        var name = (alt ? key.replace("/", "-") + "-" : "") + slug + ".csv";
        data.href = stem + ".csv";
        data.setAttribute("download", name);
        data.textContent = "Data (" + name + ")";
        figure.querySelector(".fm-chart-full").href = stem + ".svg";
        figure.classList.toggle("fm-figure--narrowed", !!alt);
      });
      if (announce) {
        status.textContent = chosen
          ? "Charts narrowed to " + chosen.label + ": " + chosen.papers + " papers. The text, and the charts "
            + "marked as covering all papers, still describe every paper."
          : "Charts show all papers.";
        var url = new URL(location.href);
        if (key) url.searchParams.set("narrow", key); else url.searchParams.delete("narrow");
        history.replaceState(history.state, "", url.href);
      }
    }

    select.addEventListener("change", function () { show(select.value, true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    var asked = new URLSearchParams(location.search).get("narrow");
    if (asked) show(asked, false);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
