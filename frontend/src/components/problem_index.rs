//! "Go to a problem": with many picked problems, a participant's phone is a long
//! scroll of problems and their ideas (25 problems and 250 ideas in a room of 300).
//! This folded list above them takes the reader to one, and the focus with them.
//! Participants only (their session and their summary): the console has its search.

use crate::components::erased::keyed;
use crate::i18n::*;
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::{ProblemId, Viewer};
use wasm_bindgen::JsCast;

/// From this many problems on the list is offered; below it the page is short.
pub const FROM: usize = 4;

/// The list of `problems`, in the order the page shows them; each problem's block
/// carries `data-problem-block` with its id ([`block_attr`]).
pub fn problem_index(problems: Memo<Vec<ProblemId>>) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let list: NodeRef<leptos::html::Details> = NodeRef::new();
    let shown = move || {
        live.viewer.get().and_then(Viewer::participant).is_some()
            && problems.with(|p| p.len() >= FROM)
    };
    let jump = move |id: ProblemId| {
        let Some(details) = list.get_untracked() else {
            return;
        };
        // Looked up beside the list, not in the document: a widget's page is a
        // shadow root.
        let block = details
            .parent_element()
            .and_then(|parent| {
                parent
                    .query_selector(&format!("[data-problem-block=\"{}\"]", id.0))
                    .ok()
                    .flatten()
            })
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        // Closed only once the focus has somewhere to go: its button would take it
        // along when hidden.
        if let Some(block) = block {
            details.set_open(false);
            block.scroll_into_view();
            crate::embed::focus(&block);
        }
    };
    view! {
        <details class="card problem-index" data-testid="problem-index" node_ref=list hidden=move || !shown()>
            <summary>
                {crate::tr!(i18n, board.go_to_problem)}
                " "
                <span class="count-badge">{move || problems.with(Vec::len)}</span>
            </summary>
            <ol>
                {keyed(
                    move || problems.get(),
                    move |id: ProblemId| {
                        let text = move || {
                            live.with(|s| util::truncate(s.problem_text(id), 70))
                        };
                        let department = move || live.with(|s| s.problem_department_name(id).to_owned());
                        view! {
                            <li>
                                <button
                                    class="btn-link"
                                    type="button"
                                    data-testid=format!("go-to-problem-{}", id.0)
                                    on:click=move |_| jump(id)
                                >
                                    <span dir="auto">{text}</span>
                                </button>
                                " "
                                <span class="tag tag-dept" dir="auto">{department}</span>
                            </li>
                        }
                    },
                )}
            </ol>
        </details>
    }
}

/// The value of a problem block's `data-problem-block`, which [`problem_index`] finds.
pub fn block_attr(id: ProblemId) -> String {
    id.0.to_string()
}
