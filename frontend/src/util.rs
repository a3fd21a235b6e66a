//! Small browser helpers shared by pages and components.

use crate::lang::{self, I18n};
use crate::live::Live;
use leptos::prelude::{Effect, Get, Memo};
use summit_shared::limits::{self, Field};
use summit_shared::SessionId;
use wasm_bindgen::{JsCast, JsValue};

/// `https://host:port` of the Summit server: this page's, or a widget's server.
pub fn origin() -> String {
    crate::api::server().unwrap_or_else(|| {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    })
}

/// Names the browser tab after what it shows: `parts`, then "Summit", so a
/// facilitator with the console, the projector and a participant's view open can
/// tell the tabs apart. A widget leaves the host page's title alone.
fn set_title(parts: &[&str]) {
    if crate::embed::hosted() {
        return;
    }
    let mut title = parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    if !title.is_empty() {
        title.push_str(" · ");
    }
    title.push_str("Summit");
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&title);
        // The same words head every printed page (`@page` in style.css reads them):
        // a summary's second page still says which summit it is.
        if let Some(html) = document.document_element() {
            let html: &web_sys::HtmlElement = html.unchecked_ref();
            let _ = html
                .style()
                .set_property("--print-title", &css_string(&title));
        }
    }
}

/// Names the tab after the session's title and `what` (the page, or the phase), again
/// when either changes and not on every event; answers the title for the page to show.
pub fn name_tab(
    live: Live,
    what: impl Fn() -> &'static str + Send + Sync + 'static,
) -> Memo<String> {
    let title = Memo::new(move |_| live.with(|s| s.title.clone()));
    Effect::new(move |_| set_title(&[&title.get(), what()]));
    title
}

/// `text` as a quoted CSS string: people's words may hold quotes, backslashes and
/// line breaks, which would otherwise end the string or the declaration.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\u{c}' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `:id` route parameter as a session id, if it is one.
pub fn session_id_param() -> Option<SessionId> {
    SessionId::parse(&crate::router::use_router().segment(1)?)
}

/// Copies text to the clipboard; false when the browser does not allow it (e.g. a
/// page served over plain http on a LAN address), so the caller can say so.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Number of characters as the server counts them (Unicode scalar values).
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// "123 / 1000" under a text field.
pub fn counter(text: &str, field: Field) -> String {
    format!("{} / {}", char_count(text), field.max())
}

/// The same check the server makes, as a message in the reader's language (None
/// when valid).
pub fn check(i18n: I18n, field: Field, text: &str) -> Option<String> {
    limits::clean(field, text)
        .err()
        .map(|e| lang::domain_error(i18n, &e))
}

/// Cuts text to at most `max` characters, adding an ellipsis when it was cut.
pub fn truncate(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    // The room for words is `max - 1` (the ellipsis takes one); one character more
    // is read to see whether a word ends right there.
    let head: String = flat.chars().take(max).collect();
    // At a word's end where one is near, so no word is left half-written ("after
    // th…"); a long word runs on to the limit.
    let mut cut = match head.rfind(' ').filter(|&at| at >= head.len() / 2) {
        Some(space) => head[..space].to_owned(),
        None => head.chars().take(max.saturating_sub(1)).collect(),
    };
    cut = cut.trim_end().to_owned();
    cut.push('…');
    cut
}

/// Today's date in the browser's time zone, as YYYY-MM-DD plus `days`.
pub fn date_in_days(days: u32) -> String {
    let now = js_sys::Date::new_0();
    now.set_date(now.get_date() + days);
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// Removes the URL fragment without adding a history entry.
/// The calendar day of a moment (Unix ms) in the browser's time zone.
pub fn day_of_ms(ms: i64) -> Option<summit_shared::Date> {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    summit_shared::Date::new(
        u16::try_from(d.get_full_year()).ok()?,
        u8::try_from(d.get_month() + 1).ok()?,
        u8::try_from(d.get_date()).ok()?,
    )
}

/// Today in the browser's time zone (what "overdue" is measured against).
pub fn today() -> Option<summit_shared::Date> {
    day_of_ms(js_sys::Date::now() as i64)
}

pub fn clear_fragment() {
    if let Some(window) = web_sys::window() {
        let location = window.location();
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }
}

/// The value of `name=` in the URL fragment (`#key=…`).
pub fn fragment_value(name: &str) -> Option<String> {
    let hash = crate::router::use_router().fragment();
    hash.split('&').find_map(|part| {
        let (k, v) = part.split_once('=')?;
        (k == name && !v.is_empty()).then(|| {
            js_sys::decode_uri_component(v)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| v.to_owned())
        })
    })
}

/// Brings a message that has just appeared at what someone tapped into view, by the
/// least scrolling: on a phone it may be under the sticky "I'm done" bar (its CSS
/// `scroll-margin` leaves room for the bar). After the next frame, once it is drawn.
pub fn bring_into_view(el: web_sys::Element) {
    leptos::prelude::request_animation_frame(move || {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    });
}

#[cfg(test)]
mod tests {
    use super::{css_string, truncate};

    #[test]
    fn quotes_a_title_for_css() {
        assert_eq!(css_string("Q4 summit"), r#""Q4 summit""#);
        assert_eq!(
            css_string("The \"fast\" lane \\ ops\nteam"),
            r#""The \"fast\" lane \\ ops team""#
        );
    }

    #[test]
    fn truncates_at_a_word_end() {
        assert_eq!(
            truncate("customers hear about  promotions", 60),
            "customers hear about promotions"
        );
        assert_eq!(
            truncate("customers hear about promotions after the launch", 30),
            "customers hear about…"
        );
        assert_eq!(
            truncate("Kundendienstmitarbeiterschulungsprogramm", 12),
            "Kundendiens…"
        );
        // A word that ends right at the limit is kept whole.
        assert_eq!(
            truncate("calendar both teams edit", 20),
            "calendar both teams…"
        );
    }
}
