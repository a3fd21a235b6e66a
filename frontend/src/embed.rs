//! Summit inside another site's page.
//!
//! `embed.js` (frontend/embed/) defines `<summit-session code lang theme>`. It marks
//! the page as a host (`globalThis.__summitHosted`), loads this very download (the
//! participant's) from the Summit server and calls its `mountSession` ([`mount`])
//! once per element with a `<div>` in the element's shadow root; `mode="screen"`
//! loads the console's download and calls its `mountScreen` ([`mount_screen`]).
//! Each widget is an app of its own: its own path
//! ([`crate::router::start_embedded`]), language and live stream. It talks to the
//! Summit server by absolute URL ([`crate::api::set_server`]) with its token in an
//! `Authorization` header (the host origin's storage keeps it; no cookies).
//! Dropping what [`mount`] returns unmounts it, which closes its stream.

use crate::app::{Pages, WidgetApp};
use leptos::prelude::*;
use std::cell::Cell;
use summit_shared::api::paths;
use summit_shared::limits;
use summit_shared::SessionId;
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

/// Whether this page is in another site's iframe (`/embed/CODE`).
pub fn framed() -> bool {
    web_sys::window().is_some_and(|window| {
        window
            .parent()
            .ok()
            .flatten()
            .is_some_and(|parent| !js_sys::Object::is(&parent, &window))
    })
}

/// Whether the app may move the focus to `element` when something happened in the
/// room (a new phase's heading, the reveal). On Summit's own pages it may; in a
/// widget or an iframe only when the focus is in it already, so a phase change never
/// pulls a reader of the host page away.
pub fn may_move_focus(element: &web_sys::Element) -> bool {
    if hosted() {
        return focus_within(element);
    }
    !framed()
        || web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.has_focus().unwrap_or(false))
}

/// Moves the focus to `element` as a participant arrives: on Summit's own pages
/// as [`may_move_focus`] allows; in a widget when the focus is in it, or when the
/// participant has just pressed its Join button (`joined_here`: the focus fell
/// to the host page's body with that button's page), not when a returning
/// participant's widget loads with the host page.
pub fn focus_on_arrival(element: &web_sys::HtmlElement, joined_here: bool) {
    let allowed = if hosted() {
        joined_here || focus_within(element)
    } else {
        may_move_focus(element)
    };
    if allowed {
        focus(element);
    }
}

/// Focuses `element`; in another site's page without scrolling that page.
pub fn focus(element: &web_sys::HtmlElement) {
    if hosted() || framed() {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    } else {
        let _ = element.focus();
    }
}

/// Whether the focus is inside the shadow root that holds `element`.
fn focus_within(element: &web_sys::Element) -> bool {
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
    // A code that is not one still gets its join page, which says so.
    let first = paths::page_join(&limits::normalize_join_code(&code).unwrap_or(code));
    mount_at(root, first, lang, server, Pages::participant())
}

/// Mounts the projector's view of session `session` (`mode="screen"`), shown with the
/// screen key `key`. The console's download exports it (src/bin/console.rs), whose
/// `screen` page is the projector.
pub fn mount_screen(
    root: web_sys::HtmlElement,
    session: &str,
    key: &str,
    lang: &str,
    server: &str,
    screen: fn() -> AnyView,
) -> Mounted {
    let Some(session) = SessionId::parse(session) else {
        return mount_at(
            root,
            "/not-a-session".to_owned(),
            lang,
            server,
            Pages::participant(),
        );
    };
    let first = format!(
        "{}#key={}",
        paths::page_screen(&session),
        js_sys::encode_uri_component(key)
    );
    let pages = Pages {
        screen: Some(screen),
        ..Pages::participant()
    };
    mount_at(root, first, lang, server, pages)
}

fn mount_at(
    root: web_sys::HtmlElement,
    first: String,
    lang: &str,
    server: &str,
    pages: Pages,
) -> Mounted {
    crate::api::set_server(server);
    let locale = crate::lang::parse(lang);
    Box::new(leptos::mount::mount_to(root, move || {
        view! { <WidgetApp first=first.clone() locale pages /> }
    }))
}
