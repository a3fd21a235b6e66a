//! Which page answers which URL (see [`crate::router`]).

use crate::i18n::I18nContextProvider;
use crate::lang::{self, LanguagePicker};
use crate::pages::{
    facilitator::FacilitatorPage, home::HomePage, join::JoinPage, not_found::NotFound,
    participant::ParticipantPage, summary::SummaryPage,
};
use crate::router::{self, Route};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    leptos_meta::provide_meta_context();
    view! {
        <I18nContextProvider>
            <Pages />
        </I18nContextProvider>
    }
}

#[component]
fn Pages() -> impl IntoView {
    lang::restore();
    let route = router::start();
    view! {
        <div class="lang-corner">
            <LanguagePicker />
        </div>
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
