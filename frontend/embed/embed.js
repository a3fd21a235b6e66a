// <summit-session code="ABC123" lang="de" theme="dark">: Summit in another site's
// page (README, "Embedding Summit"). The host page loads this file as a module from
// the Summit server; each element mounts the participant's app, loaded once for all
// of them from the same server, into its own open shadow root, styled by one
// constructable stylesheet (which a strict host CSP allows). Removing an element
// unmounts its app, which closes its live stream.
//
// scripts/build-embed.mjs fills in the built files' names.
const SERVER = new URL(import.meta.url).origin;
const APP = SERVER + "/__APP_JS__";
const WASM = SERVER + "/__APP_WASM__";
const STYLES = SERVER + "/__STYLES__";

// What the element says before the app has arrived, or if it cannot (the
// catalogues are the app's; these are the stand-in page's words, index.html).
const WORDS = {
  en: ["Loading Summit…", "Summit could not load. Check your connection, then reload the page."],
  de: ["Summit wird geladen…", "Summit konnte nicht geladen werden. Prüfen Sie die Verbindung und laden Sie die Seite neu."],
  fr: ["Chargement de Summit…", "Summit n’a pas pu se charger. Vérifiez votre connexion, puis rechargez la page."],
  es: ["Cargando Summit…", "Summit no se pudo cargar. Comprueba la conexión y vuelve a cargar la página."],
};

let app, styles;

// The host page's own files first: the app's download starts once the page has
// loaded, so it never delays the page's `load` event nor takes its bandwidth.
const pageLoaded = new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  else addEventListener("load", resolve, { once: true });
});

// The app, once for every element: the participant's download, told first that
// this page is not Summit's (it then mounts nothing on its own).
function loadApp() {
  if (!app) {
    globalThis.__summitHosted = true;
    app = pageLoaded.then(() => import(APP)).then(async (module) => {
      await module.default({ module_or_path: WASM });
      return module;
    });
  }
  return app;
}

function loadStyles() {
  if (!styles) {
    styles = pageLoaded.then(() => fetch(STYLES)).then(async (answer) => {
      if (!answer.ok) throw new Error("HTTP " + answer.status);
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(await answer.text());
      return sheet;
    });
  }
  return styles;
}

function words(lang) {
  const tags = [lang || "", ...(navigator.languages || [])];
  for (const tag of tags) {
    const found = WORDS[String(tag).slice(0, 2).toLowerCase()];
    if (found) return found;
  }
  return WORDS.en;
}

class SummitSession extends HTMLElement {
  static observedAttributes = ["code", "lang", "theme"];

  #root = null;
  #widget = null;
  // Bumped on every (un)mount, so an app that arrives after its element left the
  // page is not mounted.
  #turn = 0;

  connectedCallback() {
    this.#mount();
  }

  disconnectedCallback() {
    this.#unmount();
  }

  attributeChangedCallback(name, before, now) {
    if (!this.#root || before === now) return;
    if (name === "theme") {
      this.#theme();
    } else {
      this.#unmount();
      this.#mount();
    }
  }

  #theme() {
    this.#root.className = "summit-embed" + (this.getAttribute("theme") === "dark" ? " theme-dark" : "");
  }

  async #mount() {
    const turn = ++this.#turn;
    const shadow = this.shadowRoot || this.attachShadow({ mode: "open" });
    const lang = this.getAttribute("lang") || "";
    const [loading, failed] = words(lang);
    this.#root = document.createElement("div");
    this.#theme();
    const state = document.createElement("p");
    state.className = "embed-state loading";
    state.setAttribute("role", "status");
    state.textContent = loading;
    this.#root.append(state);
    shadow.replaceChildren(this.#root);
    try {
      const [module, sheet] = await Promise.all([loadApp(), loadStyles()]);
      if (turn !== this.#turn) return;
      shadow.adoptedStyleSheets = [sheet];
      state.remove();
      this.#widget = module.mountSession(this.#root, this.getAttribute("code") || "", lang, SERVER);
    } catch (error) {
      if (turn !== this.#turn) return;
      console.error("Summit could not load", error);
      state.className = "embed-state error-text";
      state.setAttribute("role", "alert");
      state.textContent = failed;
    }
  }

  #unmount() {
    this.#turn++;
    if (this.#widget) {
      this.#widget.free();
      this.#widget = null;
    }
    this.#root = null;
    if (this.shadowRoot) this.shadowRoot.replaceChildren();
  }
}

if (!customElements.get("summit-session")) {
  customElements.define("summit-session", SummitSession);
}
