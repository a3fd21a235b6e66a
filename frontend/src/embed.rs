//! Summit inside another site's page.
//!
//! `embed.js` (frontend/embed/) defines `<summit-session code lang theme>`. It marks
//! the page as a host (`globalThis.__summitHosted`), loads this very download (the
//! participant's) from the Summit server and calls its `mountSession` ([`mount`])
//! once per element with a `<div>` in the element's shadow root. Each widget is an app of its own: its
//! own path ([`crate::router::start_embedded`]), language and live stream; it talks to
//! the Summit server by absolute URL ([`crate::api::set_server`]) with its token in
//! an `Authorization` header (the host origin's storage keeps it; no cookies).
//! Dropping what [`mount`] returns unmounts it, which closes its stream.

use crate::app::WidgetApp;
use leptos::prelude::*;
use std::cell::Cell;
use summit_shared::api::paths;
use summit_shared::limits;
use wasm_bindgen::JsValue;

/// The global `embed.js` sets before it loads the app.
const HOSTED_FLAG: &str = "__summitHosted";

thread_local! {
    static HOSTED: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Whether this page is another site's, with Summit in widgets only: then the app
/// leaves the page itself alone (no mount on its body, its title and language kept).
pub fn hosted() -> bool {
    HOSTED.with(|hosted| {
        if let Some(known) = hosted.get() {
            return known;
        }
        let known = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(HOSTED_FLAG))
            .is_ok_and(|flag| flag.is_truthy());
        hosted.set(Some(known));
        known
    })
}

/// Whether the app may move the focus to `element` (a new phase's heading, say). On
/// Summit's own pages it may; in a widget only when the focus is in that widget
/// already, so a phase change never pulls a reader of the host page away.
pub fn may_move_focus(element: &web_sys::Element) -> bool {
    if !hosted() {
        return true;
    }
    let root = element.get_root_node();
    js_sys::Reflect::get(&root, &JsValue::from_str("activeElement"))
        .is_ok_and(|active| !active.is_null() && !active.is_undefined())
}

/// A mounted widget: dropping it unmounts the app, which closes its live stream.
pub type Mounted = Box<dyn std::any::Any>;

/// Mounts the participant's app for the summit with join code `code` into `root`.
/// `server` is the Summit server's origin (`https://summit.example`); `lang` a
/// language tag, or empty for the one chosen on this device or the browser's. The
/// participant's download exports it to `embed.js` (src/main.rs).
pub fn mount(root: web_sys::HtmlElement, code: String, lang: &str, server: &str) -> Mounted {
    crate::api::set_server(server);
    // A code that is not one still gets its join page, which says so.
    let first = paths::page_join(&limits::normalize_join_code(&code).unwrap_or(code));
    let locale = crate::lang::parse(lang);
    Box::new(leptos::mount::mount_to(root, move || {
        view! { <WidgetApp first=first.clone() locale /> }
    }))
}
