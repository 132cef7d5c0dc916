// Read by Decap CMS as it loads: editor.js starts it, with the configuration of config.js.
window.CMS_MANUAL_INIT = true;
