//! The participant's download: joining, the session, the summary. The start page
//! and the facilitator's console are the console's (`src/bin/console.rs`). Other
//! sites' pages load it too, through `embed.js`, for `<summit-session>` widgets
//! ([`summit_frontend::embed`]): it exports [`mount_session`] to them.

use summit_frontend::app::Pages;
use summit_frontend::embed;
use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    summit_frontend::start(Pages::participant());
}

/// One mounted `<summit-session>`; `embed.js` frees it when the element leaves the
/// page, which unmounts the app and closes its live stream.
#[wasm_bindgen]
pub struct Widget {
    _mounted: embed::Mounted,
}

/// Mounts a widget ([`embed::mount`]).
#[wasm_bindgen(js_name = mountSession)]
pub fn mount_session(
    root: web_sys::HtmlElement,
    code: String,
    lang: String,
    server: String,
) -> Widget {
    Widget {
        _mounted: embed::mount(root, code, &lang, &server),
    }
}
