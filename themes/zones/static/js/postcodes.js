/* Postcode finder: answers as the visitor types, from the site's own postcodes.json (written at
   build time by plugins/postcodes). Without this script the table below is the finder. */
(function () {
  "use strict";
  var box = document.getElementById("finder-box");
  if (!box || !window.fetch) { return; }
  var input = document.getElementById("finder-query");
  var list = document.getElementById("finder-results");
  var answers = null;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function element(name, text, href) {
    var node = document.createElement(name);
    if (text) { node.textContent = text; }
    if (href) { node.href = href; }
    return node;
  }

  function matches(query) {
    var folded = fold(query);
    if (!folded) { return []; }
    return answers.filter(function (entry) {
      return entry.keys.some(function (key) {
        return /^\d/.test(folded) ? key.indexOf(folded) === 0 : key.indexOf(folded) !== -1;
      });
    });
  }

  function item(entry) {
    var li = element("li");
    li.appendChild(element("a", entry.label, entry.url));
    li.appendChild(document.createTextNode(" – "));
    if (entry.kind !== "zone") {
      li.appendChild(document.createTextNode(box.dataset.depends));
      return li;
    }
    var zone = entry.zones[0];
    if (zone.name === box.dataset.zone) {
      li.appendChild(document.createTextNode(zone.name + " (" + box.dataset.here + ")"));
    } else {
      li.appendChild(element("a", zone.name, zone.url));
    }
    var lines = element("span");
    lines.className = "finder-lines";
    [[box.dataset.phone, zone.phone], [box.dataset.helpdesk, zone.helpdesk]].forEach(function (line) {
      if (!line[1]) { return; }  // not confirmed: the postcode's page says whom to call
      if (lines.childNodes.length) { lines.appendChild(document.createTextNode(" · ")); }
      lines.appendChild(document.createTextNode(line[0] + " "));
      lines.appendChild(element("a", line[1], "tel:" + line[1].replace(/[^\d+]/g, "")));
    });
    if (lines.childNodes.length) { li.appendChild(lines); }
    return li;
  }

  function show() {
    var found = matches(input.value);
    list.replaceChildren();
    if (input.value.trim() && !found.length) {
      list.appendChild(element("li", box.dataset.none));
    }
    found.slice(0, 8).forEach(function (entry) { list.appendChild(item(entry)); });
  }

  fetch(box.dataset.answers).then(function (response) {
    return response.ok ? response.json() : Promise.reject(response.status);
  }).then(function (data) {
    answers = data.postcodes;
    box.hidden = false;
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      var found = event.key === "Enter" ? matches(input.value) : [];
      if (found.length === 1) { window.location.href = found[0].url; }
    });
    if (input.value) { show(); }
  }).catch(function () { /* the table stays the finder */ });
}());
