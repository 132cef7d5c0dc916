// Preview only (never published): reload when a build succeeds, show its problems when it fails.
(function () {
  let seen = null;
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
  async function poll() {
    try {
      const state = await (await fetch("/_live/state", { cache: "no-store" })).json();
      if (seen !== null && state.version !== seen) { location.reload(); return; }
      seen = state.version;
      show(state.problems);
    } catch (error) { /* the server restarts: try again */ }
    setTimeout(poll, 700);
  }
  poll();
})();
