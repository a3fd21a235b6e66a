//! The router: which page answers which URL.

use crate::pages::{
    facilitator::FacilitatorPage, home::HomePage, join::JoinPage, not_found::NotFound,
    participant::ParticipantPage, summary::SummaryPage,
};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <main class="app">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/join/:code") view=JoinPage />
                    <Route path=path!("/s/:id") view=ParticipantPage />
                    <Route path=path!("/s/:id/facilitate") view=FacilitatorPage />
                    <Route path=path!("/s/:id/summary") view=SummaryPage />
                </Routes>
            </main>
        </Router>
    }
}
