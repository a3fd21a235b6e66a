//! The console's download: every page, the start page's create form and the
//! facilitator's console included.

use leptos::prelude::IntoAny;
use summit_frontend::app::Pages;
use summit_frontend::pages::{facilitator::FacilitatorPage, home::HomePage};

fn main() {
    summit_frontend::start(Pages {
        home: Some(|| leptos::view! { <HomePage /> }.into_any()),
        facilitator: Some(|| leptos::view! { <FacilitatorPage /> }.into_any()),
    });
}
