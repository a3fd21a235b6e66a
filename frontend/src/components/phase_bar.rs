//! The session header: title, the seven-phase stepper with the current phase
//! highlighted, the "what to do now" hint, the timer and the connection status.

use crate::components::connection_status::ConnectionStatus;
use crate::components::timer::Timer;
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
    let phase = Memo::new(move |_| live.phase());
    let title = move || live.with(|s| s.title.clone());
    let hint = move || {
        let p = phase.get();
        if facilitator {
            p.facilitator_hint()
        } else {
            p.participant_hint()
        }
    };
    let steps = Phase::ALL
        .iter()
        .map(|&p| {
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
                    <span class="step-num">{p.index() + 1}</span>
                    <span class="step-label">{p.label()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <header class="session-header">
            <div class="title-row">
                <div class="title-block">
                    <span class="brand">"Summit"</span>
                    <h1 class="session-title">{title}</h1>
                </div>
                <div class="title-side">
                    <Timer />
                    <ConnectionStatus />
                    {children.map(|c| c())}
                </div>
            </div>
            <ol class="stepper" aria-label="Phases">
                {steps}
            </ol>
            <div class="phase-hint">
                <span class="phase-pill" data-testid="phase-name">
                    {move || phase.get().label()}
                </span>
                <span class="hint-text">{hint}</span>
            </div>
        </header>
    }
}
