//! Who is in the room and how far they are: "I'm done" for a participant, and for
//! the facilitator, per department, how many are online, how many of them are done,
//! and who has not taken part yet; in an anonymous session, one count for the whole
//! room instead (a count per department would tell who acted when someone moves).

use crate::components::erased::{keyed, show};
use crate::i18n::*;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Command, DepartmentId};

/// Names shown per department before "+n more".
const NAMES: usize = 8;

/// A participant says they are done with the phase, or takes it back.
#[component]
pub fn DoneToggle() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let shown = move || live.may(|s, actor| s.may_set_done(actor).is_ok());
    let done = move || live.me_id().is_some_and(|me| live.with(|s| s.is_done(me)));
    view! {
        {show(
            shown,
            move || view! {
                <section class="card done-card" class:is-done=done data-testid="done-card">
                    <p class="done-text" role="status">
                        {move || if done() {
                            t_string!(i18n, board.done_said)
                        } else {
                            t_string!(i18n, board.done_prompt)
                        }}
                        " "
                        <span class="done-more">
                            {move || if done() {
                                t_string!(i18n, board.done_said_more)
                            } else {
                                t_string!(i18n, board.done_prompt_more)
                            }}
                        </span>
                    </p>
                    <button
                        class=move || if done() { "btn btn-small" } else { "btn btn-small btn-primary" }
                        data-testid="done-toggle"
                        aria-pressed=move || done().to_string()
                        on:click=move |_| live.send(Command::SetDone { done: !done() })
                    >
                        {move || if done() {
                            t_string!(i18n, board.done_undo)
                        } else {
                            t_string!(i18n, board.done_button)
                        }}
                    </button>
                </section>
            },
            || (),
        )}
    }
}

/// The facilitator's view of the room, per department.
#[component]
pub fn Readiness() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let departments =
        Memo::new(move |_| live.with(|s| s.departments.iter().map(|d| d.id).collect::<Vec<_>>()));
    // Anonymous, in a phase with work: how many of the room are still to take part,
    // once the server has counted.
    let room = Memo::new(move |_| {
        live.with(|s| {
            (s.names_hidden() && s.phase.has_participant_work())
                .then(|| s.room_progress())
                .flatten()
        })
    });
    view! {
        <section class="card readiness-card" aria-labelledby="readiness-heading" data-testid="readiness">
            <span class="muted small" id="readiness-heading">{crate::tr!(i18n, console.readiness_title)}</span>
            {move || room.get().filter(|r| r.joined > 0).map(|r| view! {
                <p class="readiness-room" data-testid="waiting-count">
                    {if r.waiting() == 0 {
                        t_string!(i18n, console.everyone_acted).to_string()
                    } else {
                        t_string!(i18n, console.waiting_count, count = r.waiting()).to_string()
                    }}
                </p>
            })}
            <ul class="readiness-list">
                {keyed(move || departments.get(), |id| view! { <DepartmentReadiness id /> })}
            </ul>
        </section>
    }
}

#[component]
fn DepartmentReadiness(id: DepartmentId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let counts = Memo::new(move |_| live.with(|s| s.readiness(Some(id))));
    let with_work = Memo::new(move |_| live.with(|s| s.phase.has_participant_work()));
    // Who has not taken part: only when authors are known (not anonymous).
    let waiting = Memo::new(move |_| {
        live.with(|s| {
            if !s.phase.has_participant_work() || s.names_hidden() {
                return None;
            }
            let all: Vec<(String, bool)> = s
                .waiting_on(id)
                .map(|p| (p.name.clone(), s.is_online(p.id)))
                .collect();
            Some(all)
        })
    });
    let names_view = move || {
        waiting.with(|w| {
            w.iter()
                .flatten()
                .take(NAMES)
                .map(|(name, online)| {
                    let class = if *online {
                        "waiting-name online"
                    } else {
                        "waiting-name"
                    };
                    let state = if *online {
                        t_string!(i18n, board.online)
                    } else {
                        t_string!(i18n, board.offline)
                    };
                    view! {
                        <li class=class>
                            <span class="presence-dot" aria-hidden="true"></span>
                            <span dir="auto">{name.clone()}</span>
                            <span class="sr-only">{state}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let more = move || waiting.with(|w| w.as_ref().map_or(0, |w| w.len().saturating_sub(NAMES)));
    // Nobody in the department yet, or nobody online: say so rather than "0 of 0".
    let joined = move || counts.get().joined > 0;
    let online = move || counts.get().online > 0;
    view! {
        <li class="readiness-dept" data-testid=format!("readiness-{}", id.0)>
            <div class="readiness-head">
                <strong dir="auto">{move || live.with(|s| s.department_name(id).to_owned())}</strong>
                <span class="readiness-online" class:muted=move || !online() data-testid=format!("readiness-online-{}", id.0)>
                    <span class="presence-dot" class:on=online aria-hidden="true"></span>
                    {move || {
                        let c = counts.get();
                        if c.joined == 0 {
                            t_string!(i18n, console.nobody_joined).to_string()
                        } else if c.online == 0 {
                            t_string!(i18n, console.nobody_online).to_string()
                        } else {
                            t_string!(i18n, console.online_of, online = c.online, joined = c.joined).to_string()
                        }
                    }}
                </span>
            </div>
            {show(
                move || with_work.get() && online(),
                move || view! {
                    <div class="readiness-done" data-testid=format!("readiness-done-{}", id.0)>
                        <progress
                            max=move || counts.get().online.max(1).to_string()
                            value=move || counts.get().done.to_string()
                            aria-hidden="true"
                        ></progress>
                        <span>
                            {move || {
                                let c = counts.get();
                                t_string!(i18n, console.done_of, done = c.done, online = c.online).to_string()
                            }}
                        </span>
                    </div>
                },
                || (),
            )}
            {move || {
                // Anonymous: nothing per department (see the room's count above).
                let names = waiting.get()?;
                if names.is_empty() {
                    return joined().then(|| {
                        view! { <p class="muted small">{crate::tr!(i18n, console.everyone_acted)}</p> }.into_any()
                    });
                }
                Some(view! {
                    <div class="readiness-waiting" data-testid=format!("waiting-{}", id.0)>
                        <span class="muted small">{crate::tr!(i18n, console.still_to_act)}</span>
                        <ul class="waiting-list">
                            {names_view}
                            {move || (more() > 0).then(|| view! {
                                <li class="muted small">
                                    {t_string!(i18n, console.more_people, n = more()).to_string()}
                                </li>
                            })}
                        </ul>
                    </div>
                }
                .into_any())
            }}
        </li>
    }
}
