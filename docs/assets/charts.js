// Interactive charts on demand: the pre-rendered SVG is the first view; the Vega bundle (served by
// this site from assets/vega/, about 900 kB) loads only when a reader asks for the interactive chart.
(function () {
  var base = document.currentScript ? document.currentScript.src.replace(/charts\.js.*$/, "") : "";
  var bundle = null;
  function loadBundle() {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + "vega/vega-bundle.js";
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      }).then(function () { return fetch(base + "vendor/da-DK.json"); }).then(function (r) { return r.json(); });
    }
    return bundle;
  }
  // ast: true makes Vega interpret expressions instead of compiling them with eval, so the CSP holds.
  function show(figure) {
    var target = figure.querySelector(".graf-wide") || figure.querySelector(".graf-svg");
    return loadBundle().then(function (locale) {
      return fetch(figure.getAttribute("data-spec")).then(function (r) { return r.json(); }).then(function (spec) {
        return window.vegaEmbed(target, spec, { actions: false, renderer: "svg", formatLocale: locale, ast: true });
      });
    }).then(function () {
      figure.classList.add("interaktiv");
      var button = figure.querySelector(".vis-interaktiv");
      if (button) { button.textContent = "Interaktiv graf vist: peg på et punkt for at se tallene"; }
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".vis-interaktiv") : null;
    if (!button) return;
    button.disabled = true;
    button.textContent = "Henter den interaktive graf …";
    show(button.closest("figure")).catch(function (e) { button.disabled = false; console.error(e); });
  });

  // A municipality's chart has no PNG file (98 of them took a third of the build): the browser draws
  // the chart's SVG at twice its size on a white canvas, as the build draws the tables' PNGs, and
  // saves that. The SVG comes from this site, so the canvas may be read.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-png]") : null;
    if (!link) return;
    event.preventDefault();
    var img = new Image();
    img.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth * 2;
      canvas.height = img.naturalHeight * 2;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        var save = document.createElement("a");
        save.href = URL.createObjectURL(blob);
        save.download = link.getAttribute("data-png");
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(save.href); }, 10000);
      }, "image/png");
    };
    img.onerror = function () { window.location.href = link.href; };
    img.src = link.href;
  });
  // Offered only where this script runs to draw it.
  function showBrowserPngs() {
    document.querySelectorAll(".png-i-browseren[hidden]").forEach(function (el) { el.hidden = false; });
  }

  // Material wraps every Markdown table in a scrolling box. A keyboard user must be able to reach it
  // (WCAG 2.1.1), so it becomes a focusable region named after the table's caption or heading.
  function focusableScrollBoxes() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.closest(".datatabel")) return;
      var caption = box.querySelector("caption");
      var heading = null;
      for (var el = box.previousElementSibling; el && !heading; el = el.previousElementSibling) {
        if (/^H[1-6]$/.test(el.tagName)) heading = el;
      }
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", (caption || heading || document.querySelector("h1")).textContent.trim());
    });
  }
  // Material's search dialog has no accessible name; give it the search field's own label.
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
    var input = document.querySelector(".md-search__input");
    if (dialog) dialog.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Søg");
  }
  function accessibility() { focusableScrollBoxes(); nameSearchDialog(); showBrowserPngs(); }
  if (window.document$) window.document$.subscribe(accessibility);
  else document.addEventListener("DOMContentLoaded", accessibility);
})();
