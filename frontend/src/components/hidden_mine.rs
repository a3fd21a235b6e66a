//! A participant's own hidden contributions: when the facilitator hides something a
//! person wrote, it leaves everyone else's view; its author is told so, and can read
//! what it was, rather than finding it silently gone.

use crate::components::erased::show;
use crate::i18n::*;
use crate::live::use_live;
use leptos::prelude::*;

/// "The facilitator hid N of your contributions", opening to their words; absent
/// while nothing of theirs is hidden.
#[component]
pub fn HiddenMine() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let texts = Memo::new(move |_| {
        let Some(me) = live.me_id() else {
            return Vec::new();
        };
        live.with(|s| s.hidden_of(me).map(str::to_owned).collect::<Vec<String>>())
    });
    view! {
        {show(
            move || texts.with(|t| !t.is_empty()),
            move || view! {
                <details class="notice hidden-mine" data-testid="hidden-mine">
                    <summary>
                        {move || {
                            let count = texts.with(Vec::len) as u32;
                            t_string!(i18n, board.hidden_mine, count = count).to_string()
                        }}
                    </summary>
                    <ul class="hidden-mine-list">
                        {move || texts.get().into_iter().map(|text| view! {
                            <li dir="auto">{text}</li>
                        }).collect_view()}
                    </ul>
                </details>
            },
            || (),
        )}
    }
}
