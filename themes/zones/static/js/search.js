/* Start Pagefind's search on the search page. The UI and the index come from the site's own
   search bundle (data-bundle); texts from the site's catalogs (data-translations); a query sent
   by the search form of a page's header (?q=) is searched at once. */
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof window.PagefindUI !== "function") {
    return;
  }
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: element.dataset.bundle,
    baseUrl: element.dataset.base,
    showImages: false,
    showSubResults: true,
    translations: JSON.parse(element.dataset.translations || "{}")
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
}());
