//! Summit's browser app: mounts the router into the page. Everything else lives in
//! the modules below.

mod api;
mod app;
mod boot;
mod components;
mod live;
mod pages;
mod router;
mod storage;
mod util;

fn main() {
    console_error_panic_hook::set_once();
    boot::take_over();
    leptos::mount::mount_to_body(app::App);
    boot::restore_focus();
}
