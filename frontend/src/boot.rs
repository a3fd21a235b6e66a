//! The hand-over from `index.html`'s stand-in page to the app.
//!
//! Until the wasm has arrived (about 190 KB, slow on conference Wi-Fi), the start page
//! already shows a join form in plain HTML, which submits to `/join?code=…` on its
//! own, and every other page shows a loading line. When the app starts,
//! [`take_over`] removes that stand-in and remembers what the person had typed into
//! it and whether it had the focus. The app's join form starts from that text
//! ([`typed_join_code`]) and [`restore_focus`] gives the focus back, so someone
//! typing while the app loads loses nothing and is not interrupted.
//!
//! If the stand-in form was submitted before the app had loaded, the page is
//! `/join?code=…`: a valid code becomes `/join/CODE`, anything else the start page
//! with the text kept and a readable error.

use std::cell::RefCell;
use summit_shared::api::paths;
use summit_shared::limits;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;

/// The element of `index.html` shown until the app has loaded.
const STAND_IN_ID: &str = "boot";
/// The join-code input, in the stand-in and in the app's `JoinBox` alike.
pub const JOIN_CODE_INPUT_ID: &str = "join-code";
/// The stand-in form's field: it submits to `/join?code=…`.
const JOIN_CODE_FIELD: &str = "code";

/// What was typed into the stand-in's join form.
#[derive(Default)]
pub struct TypedJoinCode {
    pub text: String,
    /// It was submitted, and it is not a join code.
    pub rejected: bool,
}

#[derive(Default)]
struct Carried {
    code: TypedJoinCode,
    /// The join input had the focus.
    focused: bool,
}

thread_local! {
    static CARRIED: RefCell<Carried> = RefCell::new(Carried::default());
}

/// Removes the stand-in and keeps what the person had typed. Call before mounting.
pub fn take_over() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut carried = Carried::default();
    if let Some(document) = window.document() {
        if let Some(input) = join_input(&document) {
            carried.code.text = input.value();
            carried.focused = document
                .active_element()
                .is_some_and(|el| el.id() == JOIN_CODE_INPUT_ID);
        }
        if let Some(stand_in) = document.get_element_by_id(STAND_IN_ID) {
            stand_in.remove();
        }
    }
    let location = window.location();
    if matches!(location.pathname().as_deref(), Ok("/join" | "/join/")) {
        let submitted = location
            .search()
            .ok()
            .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
            .and_then(|params| params.get(JOIN_CODE_FIELD))
            .unwrap_or_default();
        let target = match limits::normalize_join_code(&submitted) {
            Some(code) => paths::page_join(&code),
            None => {
                carried.code = TypedJoinCode {
                    text: submitted,
                    rejected: true,
                };
                "/".to_owned()
            }
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&target));
        }
    }
    CARRIED.with(|c| *c.borrow_mut() = carried);
}

/// What the stand-in's join form held; empty after the first call.
pub fn typed_join_code() -> TypedJoinCode {
    CARRIED.with(|c| std::mem::take(&mut c.borrow_mut().code))
}

/// Gives the app's join input the focus when the stand-in's had it. The caret is
/// at the end of the carried text, where the person was typing. Call after mounting.
pub fn restore_focus() {
    if !CARRIED.with(|c| std::mem::take(&mut c.borrow_mut().focused)) {
        return;
    }
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| join_input(&d))
    {
        let _ = input.focus();
    }
}

fn join_input(document: &web_sys::Document) -> Option<HtmlInputElement> {
    document
        .get_element_by_id(JOIN_CODE_INPUT_ID)?
        .dyn_into::<HtmlInputElement>()
        .ok()
}
