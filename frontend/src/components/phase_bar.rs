//! The session header: title, the phase stepper with the current phase
//! highlighted, the "what to do now" hint, the timer and the connection status.

use crate::components::connection_status::ConnectionStatus;
use crate::components::timer::Timer;
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::Phase;

#[component]
pub fn PhaseBar(
    /// Shows the facilitator's hint instead of the participant's.
    #[prop(optional)]
    facilitator: bool,
    /// Extra content on the right of the title row (e.g. who I am).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let phase = Memo::new(move |_| live.phase());
    let title = move || live.with(|s| s.title.clone());
    let hint = move || {
        let p = phase.get();
        if facilitator {
            lang::facilitator_hint(i18n, p)
        } else {
            lang::participant_hint(i18n, p)
        }
    };
    // After a phase change the focus goes to the new phase's heading, so keyboard
    // and screen-reader users start there (not on a control that has gone); so it
    // does when a participant arrives (just joined): the heading says what to do.
    let router = crate::router::use_router();
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |before: Option<Phase>| {
        let now = phase.get();
        if let Some(h) = heading.get_untracked() {
            if before.is_none() && !facilitator {
                crate::embed::focus_on_arrival(&h, router.take_joined());
            } else if before.is_some_and(|b| b != now) && crate::embed::may_move_focus(&h) {
                crate::embed::focus(&h);
            }
        }
        now
    });
    // Review only where items were carried over from an earlier summit.
    let phases = Memo::new(move |_| live.with(|s| s.phases().collect::<Vec<_>>()));
    let steps = move || {
        phases
            .get()
            .into_iter()
            .enumerate()
            .map(|(n, p)| {
                let class = move || {
                    let current = phase.get();
                    if p == current {
                        "step step-current"
                    } else if p < current {
                        "step step-done"
                    } else {
                        "step"
                    }
                };
                let current = move || (phase.get() == p).then_some("step");
                view! {
                    <li class=class aria-current=current>
                        <span class="step-num">{n + 1}</span>
                        <span class="step-label">{move || lang::phase_name(i18n, p)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <header class="session-header">
            <div class="title-row">
                <div class="title-block">
                    <span class="brand">{crate::tr!(i18n, common.brand)}</span>
                    <h1 class="session-title" dir="auto">{title}</h1>
                </div>
                <div class="title-side">
                    <Timer />
                    <ConnectionStatus />
                    {children.map(|c| c())}
                </div>
            </div>
            <ol class="stepper" aria-label=move || t_string!(i18n, board.phases)>
                {steps}
            </ol>
            <h2 class="phase-hint" tabindex="-1" data-testid="phase-heading" node_ref=heading>
                <span class="phase-pill" data-testid="phase-name">
                    {move || lang::phase_name(i18n, phase.get())}
                </span>
                <span class="hint-text">{hint}</span>
            </h2>
        </header>
    }
}
