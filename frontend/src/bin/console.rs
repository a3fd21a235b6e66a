//! The console's download: every page, the start page's create form, the
//! facilitator's console, the projector and the leads' follow-up page included.
//! Other sites' pages load it too, through `embed.js`, for the projector's view in
//! `<summit-session mode="screen">` ([`summit_frontend::embed`]): it exports
//! [`mount_screen`] to them.

use leptos::prelude::IntoAny;
use summit_frontend::app::Pages;
use summit_frontend::embed;
use summit_frontend::pages::{
    facilitator::FacilitatorPage, follow_up::FollowUpPage, home::HomePage, screen::ScreenPage,
};
use wasm_bindgen::prelude::wasm_bindgen;

fn screen() -> leptos::prelude::AnyView {
    leptos::view! { <ScreenPage /> }.into_any()
}

fn main() {
    summit_frontend::start(Pages {
        home: Some(|| leptos::view! { <HomePage /> }.into_any()),
        facilitator: Some(|| leptos::view! { <FacilitatorPage /> }.into_any()),
        screen: Some(screen),
        follow_up: Some(|| leptos::view! { <FollowUpPage /> }.into_any()),
    });
}

/// One mounted `<summit-session mode="screen">`; `embed.js` frees it when the
/// element leaves the page, which unmounts the view and closes its live stream.
#[wasm_bindgen]
pub struct Screen {
    _mounted: embed::Mounted,
}

/// Mounts a projector's view ([`embed::mount_screen`]).
#[wasm_bindgen(js_name = mountScreen)]
pub fn mount_screen(
    root: web_sys::HtmlElement,
    session: String,
    key: String,
    lang: String,
    server: String,
) -> Screen {
    Screen {
        _mounted: embed::mount_screen(root, &session, &key, &lang, &server, screen),
    }
}
