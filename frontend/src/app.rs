//! Which page answers which URL (see [`crate::router`]), of those this download
//! carries ([`Pages`]).

use crate::i18n::Locale;
use crate::lang::{self, LanguagePicker};
use crate::pages::{
    join::JoinPage, not_found::NotFound, participant::ParticipantPage, summary::SummaryPage,
};
use crate::router::{self, Route};
use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// The pages only the console carries, as constructors: a binary that names none
/// leaves their code (and their words) out of its wasm.
#[derive(Clone, Copy)]
pub struct Pages {
    /// `/`: the join box and the create form.
    pub home: Option<fn() -> AnyView>,
    /// `/s/:id/facilitate`.
    pub facilitator: Option<fn() -> AnyView>,
    /// `/s/:id/screen`: the projector.
    pub screen: Option<fn() -> AnyView>,
    /// `/s/:id/actions`: the follow-up page for leads.
    pub follow_up: Option<fn() -> AnyView>,
}

impl Pages {
    /// The participant's download: neither.
    pub fn participant() -> Pages {
        Pages {
            home: None,
            facilitator: None,
            screen: None,
            follow_up: None,
        }
    }
}

#[component]
pub fn App(pages: Pages) -> impl IntoView {
    // The reader's language for every page (`use_i18n`), without the library's
    // provider component: that one brings leptos_meta along for the `lang` attribute,
    // which one effect sets here.
    let i18n = leptos_i18n::context::init_i18n_context::<Locale>();
    provide_context(i18n);
    Effect::new(move |_| {
        let lang = i18n.get_locale().as_str();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang);
        }
    });
    view! { <Routes pages /> }
}

/// A page this download lacks: loaded from the server, which serves the download
/// that has it. Unless the server sent this one for this very path (a build without
/// the console): then reloading would only loop, and the page is not found here.
fn elsewhere(first_path: &str) -> AnyView {
    let Some(window) = web_sys::window() else {
        return ().into_any();
    };
    let location = window.location();
    if location.pathname().is_ok_and(|now| now == first_path) {
        return view! { <NotFound /> }.into_any();
    }
    let _ = location.reload();
    ().into_any()
}

#[component]
fn Routes(pages: Pages) -> impl IntoView {
    lang::restore();
    let first_path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let route = router::start();
    view! {
        <div class="lang-corner">
            <LanguagePicker />
        </div>
        <main class="app">{move || page(&route.get(), pages, &first_path)}</main>
    }
}

/// The page for `route`, of those this download carries.
fn page(route: &Route, pages: Pages, first_path: &str) -> AnyView {
    let console_page =
        |page: Option<fn() -> AnyView>| page.map_or_else(|| elsewhere(first_path), |page| page());
    match route {
        Route::Home => console_page(pages.home),
        Route::Join(_) => view! { <JoinPage /> }.into_any(),
        Route::Participant(_) => view! { <ParticipantPage /> }.into_any(),
        Route::Facilitator(_) => console_page(pages.facilitator),
        Route::Summary(_) => view! { <SummaryPage /> }.into_any(),
        Route::Screen(_) => console_page(pages.screen),
        Route::Actions(_) => console_page(pages.follow_up),
        Route::NotFound => view! { <NotFound /> }.into_any(),
    }
}

/// One `<summit-session>` on another site's page ([`crate::embed`]): from `first`
/// (the join page, or the projector's), the participant's pages and those of
/// `pages` (the projector, for `mode="screen"`), in `locale` if given, else in the
/// language chosen on this device or the browser's. Its links stay inside it.
#[component]
pub fn WidgetApp(first: String, locale: Option<Locale>, pages: Pages) -> impl IntoView {
    let i18n = leptos_i18n::context::init_i18n_context::<Locale>();
    provide_context(i18n);
    match locale {
        Some(locale) => lang::keep(i18n, locale),
        None => lang::restore(),
    }
    let route = router::start_embedded(first);
    let router = router::use_router();
    view! {
        <main
            class="app"
            lang=move || i18n.get_locale().as_str()
            on:click=move |ev| router.follow_link(ev)
        >
            {move || match route.get() {
                Route::Join(_) | Route::Participant(_) | Route::Summary(_) => page(&route.get(), pages, ""),
                Route::Screen(_) if pages.screen.is_some() => page(&route.get(), pages, ""),
                // A widget has no other page to load: the console's are not found here.
                _ => view! { <NotFound /> }.into_any(),
            }}
        </main>
    }
}
