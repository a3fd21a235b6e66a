//! The facilitator's "Show on the projector" on each picked problem in Plan: the
//! projector then shows that problem's results alone, large, while the room talks
//! it through; pressed again, every problem's results. Console only (through the
//! moderation context).

use crate::i18n::*;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Command, ProblemId};

pub fn spotlight(problem: ProblemId) -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    let on = move || live.with(|s| s.spotlit() == Some(problem));
    view! {
        <button
            type="button"
            class="btn btn-small btn-spotlight"
            aria-pressed=move || on().to_string()
            hidden=move || !live.may(|s, actor| s.may_spotlight(actor, Some(problem)).is_ok())
            data-testid=format!("spotlight-{}", problem.0)
            on:click=move |_| live.send(Command::Spotlight { problem: (!on()).then_some(problem) })
        >
            {crate::tr!(i18n, screen.spotlight)}
        </button>
    }
    .into_any()
}
