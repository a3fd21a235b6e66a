// <summit-session code="ABC123" lang="de" theme="dark">: Summit in another site's
// page (README, "Embedding Summit"). The host page loads this file as a module from
// the Summit server; each element mounts the participant's app, loaded once for all
// of them from the same server, into its own open shadow root, styled by one
// constructable stylesheet (which a strict host CSP allows). Removing an element
// unmounts its app, which closes its live stream.
//
// <summit-session mode="screen" session="…" key="…">: the projector's view of a
// session, with its screen key (the console's download, which holds the projector).
//
// scripts/build-embed.mjs fills in the built files' names.
const SERVER = new URL(import.meta.url).origin;
// What each mode loads: the download's module, its wasm, the stylesheet.
const MODES = {
  participant: ["__APP_JS__", "__APP_WASM__", "__STYLES__"],
  screen: ["__SCREEN_JS__", "__SCREEN_WASM__", "__SCREEN_STYLES__"],
};

// What the element says before the app has arrived, or if it cannot (the
// catalogues are the app's; these are the stand-in page's words, index.html).
const WORDS = {
  en: ["Loading Summit…", "Summit could not load. Check your connection, then reload the page."],
  de: ["Summit wird geladen…", "Summit konnte nicht geladen werden. Prüfen Sie die Verbindung und laden Sie die Seite neu."],
  fr: ["Chargement de Summit…", "Summit n’a pas pu se charger. Vérifiez votre connexion, puis rechargez la page."],
  es: ["Cargando Summit…", "Summit no se pudo cargar. Comprueba la conexión y vuelve a cargar la página."],
};

const loaded = {};

// The host page's own files first: the app's download starts once the page has
// loaded, so it never delays the page's `load` event nor takes its bandwidth.
const pageLoaded = new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  else addEventListener("load", resolve, { once: true });
});

// A mode's app and stylesheet, once for every element of that mode. The app is told
// first that this page is not Summit's (it then mounts nothing on its own).
function load(mode) {
  if (!loaded[mode]) {
    const [app, wasm, styles] = MODES[mode].map((name) => SERVER + "/" + name);
    globalThis.__summitHosted = true;
    loaded[mode] = pageLoaded.then(() => Promise.all([
      import(app).then(async (module) => {
        await module.default({ module_or_path: wasm });
        return module;
      }),
      fetch(styles).then(async (answer) => {
        if (!answer.ok) throw new Error("HTTP " + answer.status);
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(await answer.text());
        return sheet;
      }),
    ]));
  }
  return loaded[mode];
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
  static observedAttributes = ["code", "lang", "theme", "mode", "session", "key"];

  #root = null;
  #widget = null;
  // Bumped on every (un)mount, so an app that arrives after its element left the
  // page is not mounted.
  #turn = 0;

  connectedCallback() {
    // Moved within the page (taken out and put back at once): still mounted.
    if (!this.#root) this.#mount();
  }

  disconnectedCallback() {
    queueMicrotask(() => {
      if (!this.isConnected) this.#unmount();
    });
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

  #mode() {
    return this.getAttribute("mode") === "screen" ? "screen" : "participant";
  }

  #theme() {
    this.#root.className = "summit-embed"
      + (this.getAttribute("theme") === "dark" ? " theme-dark" : "")
      + (this.#mode() === "screen" ? " screen-mode" : "");
  }

  async #mount() {
    const turn = ++this.#turn;
    const shadow = this.shadowRoot || this.attachShadow({ mode: "open" });
    const lang = this.getAttribute("lang") || "";
    const [loading, failed] = words(lang);
    this.#root = document.createElement("div");
    this.#theme();
    shadow.replaceChildren(this.#root);
    // Summit's sizes are in rem, which follow the host page's root font size (10 px
    // on many intranet themes); the widget's stylesheet counts them in --rem instead,
    // the reader's default font size.
    this.#root.style.fontSize = "medium";
    this.#root.style.setProperty("--rem", getComputedStyle(this.#root).fontSize);
    this.#root.style.fontSize = "";
    const state = document.createElement("p");
    state.className = "embed-state loading";
    state.setAttribute("role", "status");
    state.textContent = loading;
    this.#root.append(state);
    try {
      const mode = this.#mode();
      const [module, sheet] = await load(mode);
      if (turn !== this.#turn) return;
      shadow.adoptedStyleSheets = [sheet];
      state.remove();
      const attribute = (name) => this.getAttribute(name) || "";
      this.#widget = mode === "screen"
        ? module.mountScreen(this.#root, attribute("session"), attribute("key"), lang, SERVER)
        : module.mountSession(this.#root, attribute("code"), lang, SERVER);
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
    const widget = this.#widget;
    this.#widget = null;
    this.#root = null;
    try {
      if (widget) widget.free();
    } finally {
      if (this.shadowRoot) this.shadowRoot.replaceChildren();
    }
  }
}

if (!customElements.get("summit-session")) {
  customElements.define("summit-session", SummitSession);
}
