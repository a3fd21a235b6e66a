//! The facilitator's phase buttons ("← Back: Lobby", "Next: Problems →") and the
//! participant count.

use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Command, Phase};
use wasm_bindgen::JsCast;

#[component]
pub fn PhaseControls() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    // The steps the session takes (Review only where items were carried over).
    let next = Memo::new(move |_| live.with(|s| s.next_phase()));
    let previous = Memo::new(move |_| live.with(|s| s.previous_phase()));
    // One click, one step: further clicks wait for the answer instead of skipping a phase.
    let busy = RwSignal::new(false);
    let go = move |target: Option<Phase>| {
        let Some(target) = target else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let _ = live.run(Command::SetPhase { phase: target }).await;
            busy.set(false);
        });
    };
    let participants = move || live.with(|s| lang::count(s.participants.len()));
    // Why the rules refuse a step, if they do (e.g. nothing picked yet).
    let refusal = move |target: Option<Phase>| {
        target.and_then(|phase| live.why_not(|s, actor| s.may_set_phase(actor, phase).err()))
    };
    let next_refused = move || refusal(next.get());
    // Proposals wait in the action items' table, far down the Plan page: counted here,
    // with a way there.
    let waiting = move || live.with(|s| s.proposals_to_review());
    let to_proposals = move |_| {
        let table = document()
            .get_element_by_id("action-items")
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(table) = table {
            table.scroll_into_view();
            crate::embed::focus(&table);
        }
    };
    let back_refused = move || refusal(previous.get());
    // The last step is an act, not a place: "Close the summit", not "Next: Closed".
    let next_label = move || match next.get() {
        Some(Phase::Closed) => t_string!(i18n, console.close_summit).to_string(),
        Some(next) => t_string!(
            i18n,
            console.next_phase,
            phase = lang::phase_name(i18n, next)
        )
        .to_string(),
        None => String::new(),
    };
    // Going on to Plan is when everyone sees the tallies: said beside the button, so
    // its label stays as short as every other phase's.
    let reveals = move || next.get() == Some(Phase::Plan);
    let back_label = move || match previous.get() {
        Some(prev) => t_string!(
            i18n,
            console.back_phase,
            phase = lang::phase_name(i18n, prev)
        )
        .to_string(),
        None => String::new(),
    };
    view! {
        <section class="card controls-card">
            <div class="stat">
                <span class="stat-num" data-testid="participant-count">{participants}</span>
                <span class="stat-label">
                    {t!(i18n, console.participants, count = participants)}
                </span>
            </div>
            <div class="button-row">
                <button
                    class="btn"
                    data-testid="phase-back"
                    // Nothing before the first phase: no button, as after the last.
                    hidden=move || previous.get().is_none()
                    disabled=move || back_refused().is_some() || busy.get()
                    on:click=move |_| go(previous.get_untracked())
                >
                    {back_label}
                </button>
                <button
                    class="btn btn-primary"
                    data-testid="phase-next"
                    // After the last phase there is nowhere to go: no button, rather
                    // than a disabled one that still looks like the main action.
                    hidden=move || next.get().is_none()
                    disabled=move || next_refused().is_some() || busy.get()
                    aria-describedby=move || reveals().then_some("phase-next-reveals")
                    on:click=move |_| go(next.get_untracked())
                >
                    {next_label}
                </button>
            </div>
            <p class="muted small" id="phase-next-reveals" data-testid="phase-next-reveals" hidden=move || !reveals()>
                {crate::tr!(i18n, console.next_reveal)}
            </p>
            <p class="muted small" data-testid="phase-next-refused" hidden=move || next_refused().is_none()>
                {move || next_refused().map(|why| lang::domain_error(i18n, &why))}
            </p>
            <button
                type="button"
                class="proposals-waiting"
                data-testid="proposals-waiting"
                hidden=move || waiting() == 0 || !live.may(|s, actor| s.may_plan(actor).is_ok())
                on:click=to_proposals
            >
                {move || t_string!(i18n, console.proposals_waiting, count = waiting()).to_string()}
            </button>
        </section>
    }
}
