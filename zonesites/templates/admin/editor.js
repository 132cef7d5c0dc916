// The browser editor (preview only): completes Decap CMS's French or Dutch, registers previews that
// look like the sites (their own style sheet and markup), and starts it with the configuration that
// config.js holds, generated from the schemas the build checks (zonesites/editor.py).
(function () {
  "use strict";
  const setup = window.ZONES_EDITOR;
  const config = setup.config;
  const h = window.h;

  function merged(base, extra) {
    const out = Object.assign({}, base);
    for (const [key, value] of Object.entries(extra)) {
      out[key] = value && typeof value === "object" ? merged(base[key] || {}, value) : value;
    }
    return out;
  }
  CMS.registerLocale(config.locale, merged(CMS.getLocale(config.locale) || {}, setup.phrases));
  CMS.registerPreviewStyle("/admin/site.css");

  // The label the configuration gives a field, and a value of a choice (a category, a status).
  function fieldOf(collection, name) {
    const found = config.collections.find((c) => c.name === collection);
    return (found && found.fields.find((f) => f.name === name)) || { label: name };
  }
  function labelOf(collection, name, value) {
    const option = (fieldOf(collection, name).options || []).find((o) => o.value === value);
    return option ? option.label : value;
  }
  // A text in every language ({fr: …, nl: …}) in the interface's language, else the first one.
  function local(value) {
    if (value && typeof value.toJS === "function") value = value.toJS();
    if (value && typeof value === "object") return value[config.locale] || value[setup.languages[0]] || "";
    return value || "";
  }
  function list(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value || [];
  }

  function frame(accent, children) {
    return h("div", { className: "wrap", style: { "--accent": accent, "--soft": "#f4f6f8" } },
      h("main", { id: "content" }, children));
  }

  function page(collection, accent) {
    return function PagePreview(props) {
      const data = (name) => props.entry.getIn(["data", name]);
      return frame(accent, [
        h("h1", { key: "t" }, data("title")),
        data("summary") ? h("p", { key: "s", className: "lead" }, data("summary")) : null,
        h("div", { key: "b" }, props.widgetFor("body")),
      ]);
    };
  }

  function event(collection, accent) {
    return function EventPreview(props) {
      const data = (name) => props.entry.getIn(["data", name]);
      const place = list(data("place"));
      const when = [data("start"), data("end")].filter(Boolean).join(" – ");
      return frame(accent, [
        h("h1", { key: "t" }, data("title")),
        h("dl", { key: "f", className: "event-facts" }, [
          h("dt", { key: "wt" }, fieldOf(collection, "start").label), h("dd", { key: "wd" }, when),
          h("dt", { key: "kt" }, fieldOf(collection, "category").label),
          h("dd", { key: "kd" }, labelOf(collection, "category", data("category"))),
          place.name ? h("dt", { key: "pt" }, fieldOf(collection, "place").label) : null,
          place.name ? h("dd", { key: "pd" }, [place.name, place.address ? ", " + place.address : ""].join("")) : null,
        ]),
        h("div", { key: "b" }, props.widgetFor("body")),
      ]);
    };
  }

  function report(collection, accent) {
    return function ReportPreview(props) {
      const data = (name) => props.entry.getIn(["data", name]);
      const themes = list(data("themes"));
      const attention = list(data("attention"));
      return frame(accent, [
        h("h1", { key: "t" }, data("title")),
        h("p", { key: "s", className: "lead" }, data("summary")),
        h("div", { key: "b" }, props.widgetFor("body")),
        ...themes.map((theme, index) => h("section", { key: "th" + index, className: "theme" }, [
          h("h3", { key: "h" }, theme.title),
          theme.text ? h("p", { key: "p" }, theme.text) : null,
          (theme.points || []).length ? h("ul", { key: "u" }, theme.points.map((p, i) => h("li", { key: i }, p))) : null,
        ])),
        attention.length ? h("ul", { key: "a", className: "attention" },
          attention.map((point, index) => h("li", { key: index }, point))) : null,
      ]);
    };
  }

  function gallery(collection, accent) {
    return function GalleryPreview(props) {
      const data = (name) => props.entry.getIn(["data", name]);
      const photos = list(data("photos"));
      return frame(accent, [
        h("h1", { key: "t" }, local(data("title"))),
        data("intro") ? h("p", { key: "i", className: "lead" }, local(data("intro"))) : null,
        h("ul", { key: "g", className: "gallery" }, photos.map((photo, index) =>
          h("li", { key: index }, h("figure", {}, [
            photo.file ? h("img", { key: "i", src: props.getAsset(photo.file).toString(), alt: local(photo.alt) }) : null,
            h("figcaption", { key: "c" }, [
              h("span", { key: "t", className: "photo-title" }, local(photo.title)),
              h("span", { key: "v", className: "credit" }, [photo.credit, photo.votes].filter((x) => x !== undefined && x !== "").join(" · ")),
            ]),
          ])))),
      ]);
    };
  }

  const kinds = { pages: page, agenda: event, ateliers: report, galleries: gallery };
  for (const [name, preview] of Object.entries(setup.previews)) {
    CMS.registerPreviewTemplate(name, (kinds[preview.kind] || page)(name, preview.accent));
  }
  CMS.init({ config });
})();
