//! The console's download: every page, the start page's create form, the
//! facilitator's console, the projector and the leads' follow-up page included.
//! Other sites' pages load it too, through `embed.js`, for the projector's view in
//! `<summit-session mode="screen">` ([`summit_frontend::embed`]): it exports
//! [`mount_screen`] to them.

use leptos::prelude::{AnyView, Callback, IntoAny};
use leptos::view;
use summit_frontend::app::Pages;
use summit_frontend::embed;
use summit_frontend::pages::{
    facilitator::FacilitatorPage, follow_up::FollowUpPage, home::HomePage, screen::ScreenPage,
};
use summit_frontend::split::{fetch_ahead, later, wasm_split, SplitLoaderError};
use wasm_bindgen::prelude::wasm_bindgen;

// The start page comes with the download; each of the other pages is a part of its
// own, fetched when first opened ([`summit_frontend::split`]): a lead opening the
// follow-up page does not download the facilitator's console.

#[wasm_split(console, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_console))]
fn facilitator() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <FacilitatorPage /> }.into_any())
}

#[wasm_split(screen, wasm_split_path = ::leptos::wasm_split, fallible)]
fn projector() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <ScreenPage /> }.into_any())
}

#[wasm_split(follow_up, wasm_split_path = ::leptos::wasm_split, fallible)]
fn follow_up() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <FollowUpPage /> }.into_any())
}

fn screen() -> AnyView {
    later(|| Box::pin(projector()))
}

fn main() {
    summit_frontend::start(Pages {
        // Whoever starts on the create form gets the console while they fill it in.
        home: Some(|| {
            view! { <HomePage on_create=Callback::new(|_| fetch_ahead(preload_console)) /> }
                .into_any()
        }),
        facilitator: Some(|| later(|| Box::pin(facilitator()))),
        screen: Some(screen),
        follow_up: Some(|| later(|| Box::pin(follow_up()))),
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
