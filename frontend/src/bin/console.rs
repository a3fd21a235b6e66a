//! The console's download: every page, the start page's create form, the
//! facilitator's console and the projector included.

use leptos::prelude::IntoAny;
use summit_frontend::app::Pages;
use summit_frontend::pages::{facilitator::FacilitatorPage, home::HomePage, screen::ScreenPage};

fn main() {
    summit_frontend::start(Pages {
        home: Some(|| leptos::view! { <HomePage /> }.into_any()),
        facilitator: Some(|| leptos::view! { <FacilitatorPage /> }.into_any()),
        screen: Some(|| leptos::view! { <ScreenPage /> }.into_any()),
    });
}
