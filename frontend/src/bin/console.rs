//! The console's download: every page, the start page's create form, the
//! facilitator's console, the projector and the leads' follow-up page included.

use leptos::prelude::IntoAny;
use summit_frontend::app::Pages;
use summit_frontend::pages::{
    facilitator::FacilitatorPage, follow_up::FollowUpPage, home::HomePage, screen::ScreenPage,
};

fn main() {
    summit_frontend::start(Pages {
        home: Some(|| leptos::view! { <HomePage /> }.into_any()),
        facilitator: Some(|| leptos::view! { <FacilitatorPage /> }.into_any()),
        screen: Some(|| leptos::view! { <ScreenPage /> }.into_any()),
        follow_up: Some(|| leptos::view! { <FollowUpPage /> }.into_any()),
    });
}
