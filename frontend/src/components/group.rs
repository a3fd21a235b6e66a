//! Groups the facilitator can fold: a department's cards, a problem's ideas. With a
//! crowd the console is otherwise a wall of hundreds of cards; a folded group keeps
//! its heading and count. Participants' pages hold far fewer cards, so their groups
//! stay as they were (a fold would be one more stop for the keyboard).

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
