// Search on demand. Material fetches the search index (about 20 kB gzipped, and then the Danish
// stemmer) as soon as any page opens, though most readers never search. This holds that one request
// back until the reader turns to the search field (or opens a page with ?q=), so a page's first view
// carries only the page. Material reads the index with XMLHttpRequest; nothing else is touched.
(function () {
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var wanted = /[?&]q=/.test(location.search);
  var held = [];
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = /\/search\/search_index\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.searchIndex && !wanted) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };
  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }
  // Pointing at the search box already counts: the index is usually in by the time the field has focus.
  function towardSearch(event) {
    var target = event.target;
    if (target.closest && target.closest(".md-search, label[for=__search]")) release();
  }
  document.addEventListener("focusin", towardSearch);
  document.addEventListener("pointerover", towardSearch);
  document.addEventListener("change", function (event) { if (event.target.id === "__search") release(); });
})();
