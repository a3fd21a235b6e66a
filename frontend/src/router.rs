//! A small client-side router for Summit's seven kinds of page.
//!
//! It does what the app needed from `leptos_router`, in a fraction of its wasm size
//! (the size budget): the current path is a signal; `navigate` pushes (or replaces) a
//! history entry and scrolls to the top; the back and forward buttons are followed
//! (`popstate`); and a plain click on a same-origin `<a href>` navigates without a
//! reload. Links with a `target`, a `download` attribute or `rel="external"`, and
//! clicks with a modifier key or another button, are left to the browser.

use leptos::prelude::*;
use std::cell::Cell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, MouseEvent};

/// Which page a path shows; the strings are the raw `:code` / `:id` segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`
    Home,
    /// `/join/:code`
    Join(String),
    /// `/s/:id`
    Participant(String),
    /// `/s/:id/facilitate`
    Facilitator(String),
    /// `/s/:id/summary`
    Summary(String),
    /// `/s/:id/screen`: the projector.
    Screen(String),
    /// `/s/:id/actions`: the follow-up page for leads.
    Actions(String),
    NotFound,
}

impl Route {
    /// Matches a path (`location.pathname`); one trailing slash is allowed.
    pub fn parse(path: &str) -> Route {
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        match segments.as_slice() {
            [""] => Route::Home,
            ["join", code] if !code.is_empty() => Route::Join((*code).to_owned()),
            ["s", id] if !id.is_empty() => Route::Participant((*id).to_owned()),
            ["s", id, "facilitate"] if !id.is_empty() => Route::Facilitator((*id).to_owned()),
            ["s", id, "summary"] if !id.is_empty() => Route::Summary((*id).to_owned()),
            ["s", id, "screen"] if !id.is_empty() => Route::Screen((*id).to_owned()),
            ["s", id, "actions"] if !id.is_empty() => Route::Actions((*id).to_owned()),
            _ => Route::NotFound,
        }
    }
}

thread_local! {
    /// The current path, set up once by [`start`].
    static PATH: Cell<Option<RwSignal<String>>> = const { Cell::new(None) };
}

fn location_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_owned())
}

fn set_path(path: String) {
    if let Some(signal) = PATH.with(Cell::get) {
        if signal.with_untracked(|p| *p != path) {
            signal.set(path);
        }
    }
}

/// Starts following the address bar; returns the current route (tracked).
pub fn start() -> Memo<Route> {
    let path = RwSignal::new(location_path());
    PATH.with(|p| p.set(Some(path)));
    if let Some(window) = web_sys::window() {
        let on_popstate =
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| set_path(location_path()));
        let on_click = Closure::<dyn FnMut(MouseEvent)>::new(on_link_click);
        let _ = window
            .add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        // The app never unmounts: the listeners live as long as the page.
        on_popstate.forget();
        on_click.forget();
    }
    Memo::new(move |_| path.with(|p| Route::parse(p)))
}

/// The `index`-th segment of the current path (`/s/{1}/summary`), untracked.
pub fn segment(index: usize) -> Option<String> {
    let path = PATH.with(Cell::get)?;
    path.with_untracked(|p| {
        p.trim_start_matches('/')
            .split('/')
            .nth(index)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    })
}

/// Goes to `to` (a path, optionally with `?query` and `#fragment`) without a
/// reload: a new history entry, or a replaced one when `replace`.
pub fn navigate(to: &str, replace: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(to))
        } else if current_full_path(&window) != to {
            history.push_state_with_url(&JsValue::NULL, "", Some(to))
        } else {
            Ok(())
        };
    }
    set_path(location_path());
    window.scroll_to_with_x_and_y(0.0, 0.0);
}

fn current_full_path(window: &web_sys::Window) -> String {
    let location = window.location();
    let mut full = location.pathname().unwrap_or_default();
    full.push_str(&location.search().unwrap_or_default());
    full.push_str(&location.hash().unwrap_or_default());
    full
}

/// Turns a plain click on an in-app link into a client-side navigation.
fn on_link_click(ev: MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return;
    }
    let Some(anchor) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a").ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlAnchorElement>().ok())
    else {
        return;
    };
    let href = anchor.href();
    if href.is_empty() || !anchor.target().is_empty() || anchor.has_attribute("download") {
        return;
    }
    let rel = anchor.get_attribute("rel").unwrap_or_default();
    if rel.split([' ', '\t']).any(|r| r == "external") {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(url) = web_sys::Url::new(&href) else {
        return;
    };
    if window.location().origin().ok().as_deref() != Some(url.origin().as_str()) {
        return;
    }
    ev.prevent_default();
    navigate(
        &format!("{}{}{}", url.pathname(), url.search(), url.hash()),
        false,
    );
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn each_page_has_its_path() {
        let id = "AbCdEfGhIjKlMnOpQrStUv";
        assert_eq!(Route::parse("/"), Route::Home);
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(
            Route::parse("/join/K7MQXP"),
            Route::Join("K7MQXP".to_owned())
        );
        assert_eq!(
            Route::parse(&format!("/s/{id}")),
            Route::Participant(id.to_owned())
        );
        assert_eq!(
            Route::parse(&format!("/s/{id}/facilitate")),
            Route::Facilitator(id.to_owned())
        );
        assert_eq!(
            Route::parse(&format!("/s/{id}/summary")),
            Route::Summary(id.to_owned())
        );
        assert_eq!(
            Route::parse(&format!("/s/{id}/screen")),
            Route::Screen(id.to_owned())
        );
        assert_eq!(
            Route::parse(&format!("/s/{id}/actions/")),
            Route::Actions(id.to_owned())
        );
    }

    #[test]
    fn one_trailing_slash_is_allowed() {
        assert_eq!(Route::parse("/join/ABC/"), Route::Join("ABC".to_owned()));
        assert_eq!(
            Route::parse("/s/x/facilitate/"),
            Route::Facilitator("x".to_owned())
        );
        assert_eq!(Route::parse("/join/ABC//"), Route::NotFound);
    }

    #[test]
    fn anything_else_is_not_found() {
        for path in [
            "/join",
            "/join/",
            "/s",
            "/s/",
            "/s//facilitate",
            "/s/x/console",
            "/s/x/summary/more",
            "/nothing",
        ] {
            assert_eq!(Route::parse(path), Route::NotFound, "{path}");
        }
    }
}
