//! What a person is told about a session's bounds: how many problems or ideas
//! they may still add, before they run out, and why a form is gone once they have.

use crate::i18n::*;
use crate::lang;
use leptos::prelude::*;
use std::sync::Arc;
use summit_shared::DomainError;

/// From this many left on, a form says how many are left.
const SHOWN_FROM: u32 = 5;

/// Text that follows the session; one type for every call site, so the view
/// around it is compiled once.
type Text = Arc<dyn Fn() -> String + Send + Sync>;

/// "3 problems left" beside a form while its author's allowance runs low
/// (`left`: the domain's `problems_left`/`ideas_left`; `noun`: "problem" or
/// "idea"); nothing while it is far off.
pub fn left_hint(noun: &'static str, left: impl Fn() -> u32 + Send + Sync + 'static) -> AnyView {
    let i18n = use_i18n();
    hint(
        format!("{noun}s-left"),
        Arc::new(move || match left() {
            n if n > SHOWN_FROM => String::new(),
            n if noun == "problem" => t_string!(i18n, board.problems_left, count = n).to_string(),
            n => t_string!(i18n, board.ideas_left, count = n).to_string(),
        }),
    )
}

fn hint(testid: String, text: Text) -> AnyView {
    view! { <span class="left-hint" data-testid=testid>{move || text()}</span> }.into_any()
}

/// In place of a form the server would refuse because a bound is reached: the
/// server's own reason. Hidden for any other refusal (a phase, a role), where
/// leaving the form out says enough.
pub fn limit_notice(refusal: impl Fn() -> Option<DomainError> + Send + Sync + 'static) -> AnyView {
    let i18n = use_i18n();
    notice(Arc::new(move || {
        refusal()
            .filter(DomainError::is_limit)
            .map(|why| lang::domain_error(i18n, &why))
            .unwrap_or_default()
    }))
}

fn notice(text: Text) -> AnyView {
    let shown = text.clone();
    view! {
        <p class="notice" role="status" data-testid="limit-notice" hidden=move || shown().is_empty()>
            {move || text()}
        </p>
    }
    .into_any()
}
