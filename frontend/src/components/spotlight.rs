//! The facilitator's "Show on the projector" on each picked problem in Plan: the
//! projector then shows that problem's results alone, across the screen, while the
//! room talks it through; "Show all results" brings back every problem's. Console
//! only (through the moderation context).

use crate::i18n::*;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Command, ProblemId};

pub fn spotlight(problem: ProblemId) -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    let on = move || live.with(|s| s.spotlit() == Some(problem));
    view! {
        <span class="tag tag-spotlit" hidden=move || !on() data-testid=format!("spotlit-{}", problem.0)>
            {crate::tr!(i18n, screen.spotlight_on)}
        </span>
        <button
            type="button"
            class="btn btn-small"
            hidden=move || !live.may(|s, actor| s.may_spotlight(actor, Some(problem)).is_ok())
            data-testid=format!("spotlight-{}", problem.0)
            on:click=move |_| live.send(Command::Spotlight { problem: (!on()).then_some(problem) })
        >
            {move || if on() { t_string!(i18n, screen.spotlight_off) } else { t_string!(i18n, screen.spotlight) }}
        </button>
    }
    .into_any()
}
