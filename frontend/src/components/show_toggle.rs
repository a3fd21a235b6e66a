//! "Show" / "Hide" beside a secret blurred until asked for (the facilitator link,
//! the leads' follow-up link, the calendar feed), so a console on the room's screen
//! or in a call does not hand out keys. Named with what it shows ("Show Calendar
//! feed"): several on one page each say which.

use crate::i18n::*;
use leptos::prelude::*;

/// The toggle for `shown`; `id` is the button's (and its test id), `named_by` the
/// id of the element that names the secret.
pub fn show_toggle(shown: RwSignal<bool>, id: String, named_by: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            class="btn-link"
            type="button"
            id=id.clone()
            aria-labelledby=format!("{id} {named_by}")
            data-testid=id
            on:click=move |_| shown.update(|s| *s = !*s)
        >
            {move || {
                if shown.get() {
                    t_string!(i18n, console.hide)
                } else {
                    t_string!(i18n, console.show)
                }
            }}
        </button>
    }
}
