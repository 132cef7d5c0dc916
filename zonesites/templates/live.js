// Preview only (never published): reload as soon as a build of this page's site succeeds, show its
// problems when it fails. The server tells the page (server-sent events): nothing is polled.
(function () {
  const script = document.currentScript;
  const run = script.dataset.run;
  const version = Number(script.dataset.version);
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
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (state.run !== run || state.site > version) { events.close(); location.reload(); return; }
    show(state.problems);
  };
  // When the server stops, EventSource connects again by itself (the server asks for 250 ms).
})();
