//! Summit's browser app: mounts the router into the page. Everything else lives in
//! the modules below.

mod api;
mod app;
mod boot;
mod components;
mod lang;
mod live;
mod pages;
mod router;
mod storage;
mod util;

// The `i18n` module: `Locale`, `use_i18n`, `t!`, … for the catalogues in locales/.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

fn main() {
    console_error_panic_hook::set_once();
    boot::take_over();
    leptos::mount::mount_to_body(app::App);
    boot::restore_focus();
}
