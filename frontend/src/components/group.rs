//! Groups the facilitator can fold (a department's cards, a problem's ideas), and the
//! button that shows the rest of a list kept short. With a crowd the console is
//! otherwise a wall of hundreds of cards; a folded group keeps its heading and count.
//! Participants' pages hold far fewer cards, so their groups stay as they were (a fold
//! would be one more stop for the keyboard).

use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::Viewer;

/// `heading` above `body`, foldable in the facilitator's console (open at first
/// when `open`). Elsewhere the heading is shown only when `heading_for_all`.
pub fn foldable(
    testid: String,
    heading_for_all: bool,
    open: bool,
    heading: impl IntoView + 'static,
    body: impl IntoView + 'static,
) -> AnyView {
    let live = use_live();
    if live.viewer.get_untracked() == Some(Viewer::Facilitator) {
        view! {
            <details class="group" open=open data-testid=testid>
                <summary class="group-summary">{heading}</summary>
                {body}
            </details>
        }
        .into_any()
    } else if heading_for_all {
        view! { {heading} {body} }.into_any()
    } else {
        body.into_any()
    }
}

/// The button that shows the rest of a shortened list, or shortens it again:
/// `more` says what it shows ("Show 7 earlier ideas"), `less` what folding keeps.
/// Its words say what it does, so no aria-expanded to say it twice.
pub fn more_toggle(
    expanded: RwSignal<bool>,
    class: &'static str,
    testid: String,
    more: impl Fn() -> String + Send + Sync + 'static,
    less: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            data-testid=testid
            on:click=move |_| expanded.update(|e| *e = !*e)
        >
            {move || if expanded.get() { less() } else { more() }}
        </button>
    }
}
