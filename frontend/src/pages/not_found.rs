//! Any URL the router does not know.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page-state card">
            <h2>{crate::tr!(i18n, home.not_found_title)}</h2>
            <p>{crate::tr!(i18n, home.not_found_text)}</p>
            <a class="btn btn-primary" href="/">{crate::tr!(i18n, home.go_start)}</a>
        </div>
    }
}
