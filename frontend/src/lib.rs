//! Summit's browser app. It ships as two downloads that share this library: the
//! participant's (`src/main.rs`: joining, the session, the summary) and the
//! console (`src/bin/console.rs`: the start page's create form and the facilitator's
//! console too). Each binary names the pages it carries ([`app::Pages`]), so the
//! participant's wasm holds none of the console's code or words; a path the running
//! download lacks is loaded from the server, which serves the other one there.

mod api;
pub mod app;
mod boot;
mod components;
pub mod embed;
mod lang;
mod live;
pub mod pages;
mod router;
pub mod split;
mod storage;
mod util;

// The `i18n` module: `Locale`, `use_i18n`, `t!`, … for the catalogues in locales/.
// Counted entries are leptos_i18n's ranges (`["u32", ["1 vote", "1"], ["{{ count }}
// votes", "_"]]`), which 0.6 marks deprecated in favour of ICU plural rules; the ICU
// rules and their data cost 14.8 KB gzip of the participant's download (BENCHMARKS.md,
// section 4), and a range states these four languages' integer plurals exactly.
mod generated {
    #![allow(deprecated)]
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n;

/// Mounts the app with `pages` into the page; on another site's page, where
/// `embed.js` mounts each widget itself ([`embed`]), only gets ready.
pub fn start(pages: app::Pages) {
    console_error_panic_hook::set_once();
    if embed::hosted() {
        return;
    }
    boot::take_over();
    leptos::mount::mount_to_body(move || leptos::view! { <app::App pages /> });
    boot::restore_focus();
}
