//! Any URL the router does not know.

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="page-state card">
            <h2>"Page not found"</h2>
            <p>"There is nothing at this address. Check the link, or start from the home page."</p>
            <a class="btn btn-primary" href="/">"Go to the start page"</a>
        </div>
    }
}
