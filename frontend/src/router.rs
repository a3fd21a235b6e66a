//! A small client-side router for Summit's seven kinds of page.
//!
//! It does what the app needed from `leptos_router`, in a fraction of its wasm size
//! (the size budget), and it keeps a widget inside another site's page off that
//! page's address bar: the current path is a signal; `navigate` pushes (or replaces) a
//! history entry and scrolls to the top; the back and forward buttons are followed
//! (`popstate`); and a plain click on a same-origin `<a href>` navigates without a
//! reload. Links with a `target`, a `download` attribute or `rel="external"`, and
//! clicks with a modifier key or another button, are left to the browser.

use leptos::prelude::*;
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
            // `/embed/:code`: the join page in another site's iframe (the page's
            // script drops the chrome there).
            ["join" | "embed", code] if !code.is_empty() => Route::Join((*code).to_owned()),
            ["s", id] if !id.is_empty() => Route::Participant((*id).to_owned()),
            ["s", id, "facilitate"] if !id.is_empty() => Route::Facilitator((*id).to_owned()),
            ["s", id, "summary"] if !id.is_empty() => Route::Summary((*id).to_owned()),
            ["s", id, "screen"] if !id.is_empty() => Route::Screen((*id).to_owned()),
            ["s", id, "actions"] if !id.is_empty() => Route::Actions((*id).to_owned()),
            _ => Route::NotFound,
        }
    }
}

/// The current path of one mounted app, shared through context ([`use_router`]).
///
/// On Summit's own pages it follows the address bar. Inside another site's page
/// (`<summit-session>`, [`crate::embed`]) it is the widget's own: the host page's
/// address and history stay the host's, and each widget on the page has its path.
#[derive(Clone, Copy)]
pub struct Router {
    path: RwSignal<String>,
    /// A widget's first path (its join page), where [`Router::go_home`] leads;
    /// `None` on Summit's own pages, whose home is `/`.
    widget_home: Option<StoredValue<String>>,
    /// The participant has just joined through this app's join form.
    joined: StoredValue<bool>,
}

/// `to` without its `?query` and `#fragment`.
fn without_fragment(to: &str) -> &str {
    to.split(['?', '#']).next().unwrap_or(to)
}

fn location_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_owned())
}

/// A no-op once the app is gone (a widget removed while a request was on its way).
fn set_path(path: RwSignal<String>, to: String) {
    if path.try_with_untracked(|p| *p != to) == Some(true) {
        path.set(to);
    }
}

/// Starts following the address bar; returns the current route (tracked). Call
/// once, in the app's root.
pub fn start() -> Memo<Route> {
    let path = RwSignal::new(location_path());
    let router = Router {
        path,
        widget_home: None,
        joined: StoredValue::new(false),
    };
    provide_context(router);
    if let Some(window) = web_sys::window() {
        let on_popstate =
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| set_path(path, location_path()));
        let on_click = Closure::<dyn FnMut(MouseEvent)>::new(move |ev| {
            if let Some(to) = in_app_link(&ev) {
                ev.prevent_default();
                router.navigate(&to, false);
            }
        });
        let _ = window
            .add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        // Summit's own page never unmounts its app: the listeners live as long as it.
        on_popstate.forget();
        on_click.forget();
    }
    Memo::new(move |_| path.with(|p| Route::parse(p)))
}

/// Starts a widget's own path at `first`; returns the current route (tracked). Its
/// links are followed by [`Router::follow_link`], on the widget's root.
pub fn start_embedded(first: String) -> Memo<Route> {
    let path = RwSignal::new(without_fragment(&first).to_owned());
    provide_context(Router {
        path,
        widget_home: Some(StoredValue::new(first)),
        joined: StoredValue::new(false),
    });
    Memo::new(move |_| path.with(|p| Route::parse(p)))
}

/// The router of the app this component belongs to.
pub fn use_router() -> Router {
    expect_context::<Router>()
}

impl Router {
    /// Whether this app lives inside another site's page.
    pub fn embedded(self) -> bool {
        self.widget_home.is_some()
    }

    /// Back to the start: the start page, with a fresh load (what the app kept in
    /// memory is dropped); in a widget, its join page.
    pub fn go_home(self) {
        match self.widget_home {
            Some(home) => {
                if let Some(home) = home.try_get_value() {
                    set_path(self.path, without_fragment(&home).to_owned());
                }
            }
            None => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().set_href("/");
                }
            }
        }
    }

    /// The `index`-th segment of the current path (`/s/{1}/summary`), untracked.
    pub fn segment(self, index: usize) -> Option<String> {
        self.path.with_untracked(|p| {
            p.trim_start_matches('/')
                .split('/')
                .nth(index)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        })
    }

    /// Goes to `to` (a path, optionally with `?query` and `#fragment`) without a
    /// reload: a new history entry, or a replaced one when `replace`. A widget
    /// changes only its own path.
    pub fn navigate(self, to: &str, replace: bool) {
        if self.embedded() {
            // A widget's start is its own first page, not another site's home.
            match without_fragment(to) {
                "/" => self.go_home(),
                path => set_path(self.path, path.to_owned()),
            }
            return;
        }
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
        set_path(self.path, location_path());
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// The page's URL fragment (`key=…`), without the `#`; a widget's is the one
    /// it was mounted with (the projector's key).
    pub fn fragment(self) -> String {
        let hash = match self.widget_home {
            Some(home) => home.with_value(|home| home.split_once('#').map(|(_, f)| f.to_owned())),
            None => web_sys::window().and_then(|w| w.location().hash().ok()),
        }
        .unwrap_or_default();
        hash.strip_prefix('#').unwrap_or(&hash).to_owned()
    }

    /// Notes that the participant has just joined here (see
    /// [`crate::embed::focus_on_arrival`]).
    pub fn mark_joined(self) {
        self.joined.set_value(true);
    }

    /// Whether the participant has just joined here; once.
    pub fn take_joined(self) -> bool {
        self.joined
            .try_update_value(std::mem::take)
            .unwrap_or(false)
    }

    /// A widget's click handler: a plain click on one of its in-app links changes
    /// the widget's path instead of taking the host page elsewhere.
    pub fn follow_link(self, ev: MouseEvent) {
        if let Some(to) = in_app_link(&ev) {
            ev.prevent_default();
            self.navigate(&to, false);
        }
    }
}

fn current_full_path(window: &web_sys::Window) -> String {
    let location = window.location();
    let mut full = location.pathname().unwrap_or_default();
    full.push_str(&location.search().unwrap_or_default());
    full.push_str(&location.hash().unwrap_or_default());
    full
}

/// The path a plain click on a same-origin `<a href>` goes to, when the app should
/// follow it itself rather than let the browser load a page.
fn in_app_link(ev: &MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    let anchor = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a").ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlAnchorElement>().ok())?;
    let href = anchor.href();
    if href.is_empty() || !anchor.target().is_empty() || anchor.has_attribute("download") {
        return None;
    }
    let rel = anchor.get_attribute("rel").unwrap_or_default();
    if rel.split([' ', '\t']).any(|r| r == "external") {
        return None;
    }
    let url = web_sys::Url::new(&href).ok()?;
    let origin = web_sys::window()?.location().origin().ok()?;
    (origin == url.origin()).then(|| format!("{}{}{}", url.pathname(), url.search(), url.hash()))
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
            Route::parse("/embed/K7MQXP"),
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
