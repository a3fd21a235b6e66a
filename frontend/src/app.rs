//! Which page answers which URL (see [`crate::router`]).

use crate::pages::{
    facilitator::FacilitatorPage, home::HomePage, join::JoinPage, not_found::NotFound,
    participant::ParticipantPage, summary::SummaryPage,
};
use crate::router::{self, Route};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let route = router::start();
    view! {
        <main class="app">
            {move || match route.get() {
                Route::Home => view! { <HomePage /> }.into_any(),
                Route::Join(_) => view! { <JoinPage /> }.into_any(),
                Route::Participant(_) => view! { <ParticipantPage /> }.into_any(),
                Route::Facilitator(_) => view! { <FacilitatorPage /> }.into_any(),
                Route::Summary(_) => view! { <SummaryPage /> }.into_any(),
                Route::NotFound => view! { <NotFound /> }.into_any(),
            }}
        </main>
    }
}
