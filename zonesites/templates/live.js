// Preview only (never published): show the page again as soon as a build of its site succeeds, show
// its problems when it fails. The server tells the page (server-sent events): nothing is polled.
// When only Markdown files changed since this page was built (`files`: the last build after which
// more changed), the page runs no script of its own and its head stays the same, the new body takes
// the place of the old one (as the dev servers of Eleventy and Vite do): no reload of the style
// sheets, fonts and photos, and the page stays where it was scrolled. Otherwise the page reloads.
(function () {
  const script = document.currentScript;
  const run = script.dataset.run;
  let version = Number(script.dataset.version);
  const own = (doc) => [...doc.querySelectorAll("script[src]")].filter((s) => !s.src.includes("/_live/"));
  async function update(state) {
    try {
      const response = await fetch(location.href, { cache: "no-store" });
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      if (response.ok && state.files <= version && !own(document).length && !own(fresh).length &&
          fresh.head.innerHTML === document.head.innerHTML) {
        document.body.replaceWith(document.adoptNode(fresh.body));
        version = state.site;
        return true;
      }
    } catch (error) { /* the server is restarting: reload */ }
    events.close();
    location.reload();
    return false;
  }
  const site = location.pathname.split("/")[1] || "";
  function show(problems) {
    let box = document.getElementById("live-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("section");
      box.id = "live-problems";
      box.setAttribute("role", "alert");
      box.className = "notice";
      document.body.prepend(box);
    }
    box.replaceChildren();
    const title = document.createElement("h2");
    title.textContent = "La dernière modification n'est pas publiée / De laatste wijziging is niet gepubliceerd";
    const list = document.createElement("ul");
    for (const problem of problems) {
      const item = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = problem;
      item.append(code);
      list.append(item);
    }
    box.append(title, list);
  }
  const events = new EventSource("/_live/events?site=" + encodeURIComponent(site));
  // One message at a time, in order; none once the page is reloading.
  let queue = Promise.resolve(true);
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (state.run !== run) { events.close(); location.reload(); return; }
    queue = queue.then(async (alive) => {
      if (alive && state.site > version) alive = await update(state);
      if (alive) show(state.problems);
      return alive;
    });
  };
  // When the server stops, EventSource connects again by itself (the server asks for 250 ms).
})();
