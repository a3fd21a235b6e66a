//! Changing department: a participant's own choice in the Lobby ([`MyDepartment`]),
//! and the facilitator's "Move someone" at any time ([`MovePeople`]). Both ask the
//! shared rule (`may_move_participant`) before they show or enable anything.

use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Command, DepartmentId, ParticipantId};

/// The departments as (id, name) for a `<select>`.
fn department_options() -> Vec<(DepartmentId, String)> {
    let live = use_live();
    live.with(|s| {
        s.departments
            .iter()
            .map(|d| (d.id, d.name.clone()))
            .collect()
    })
}

/// "Your department: [Marketing ▾]", while the rules let the participant change it.
#[component]
pub fn MyDepartment() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let mine = move || live.me().map(|p| (p.id, p.department));
    let may = move || {
        mine().is_some_and(|(me, department)| {
            live.may(|s, actor| s.may_move_participant(actor, me, department).is_ok())
        })
    };
    let change = move |department: DepartmentId| {
        if let Some((me, _)) = mine() {
            live.send(Command::MoveParticipant {
                participant: me,
                department,
            });
        }
    };
    view! {
        <div class="card my-department" hidden=move || !may()>
            <label class="form-label" for="my-department">{crate::tr!(i18n, board.my_department)}</label>
            <select
                id="my-department"
                data-testid="my-department"
                aria-describedby="my-department-hint"
                on:change=move |ev| {
                    if let Ok(raw) = event_target_value(&ev).parse::<u32>() {
                        change(DepartmentId(raw));
                    }
                }
            >
                {move || {
                    department_options()
                        .into_iter()
                        .map(|(id, name)| {
                            let selected = mine().is_some_and(|(_, d)| d == id);
                            view! { <option value=id.0.to_string() selected=selected dir="auto">{name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="muted small" id="my-department-hint">{crate::tr!(i18n, board.my_department_hint)}</p>
        </div>
    }
}

/// The facilitator's "Move someone": a person, a department, and Move.
#[component]
pub fn MovePeople() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let person: RwSignal<Option<ParticipantId>> = RwSignal::new(None);
    let department: RwSignal<Option<DepartmentId>> = RwSignal::new(None);
    // The server's reason to refuse the pair as chosen, if it would.
    let refused = move || match (person.get(), department.get()) {
        (Some(p), Some(d)) => live
            .why_not(|s, actor| s.may_move_participant(actor, p, d).err())
            .map(|e| lang::domain_error(i18n, &e)),
        _ => None,
    };
    let ready = move || {
        let chosen = person.get().zip(department.get());
        let changes = chosen.is_some_and(|(p, d)| {
            live.with(|s| s.participants.get(&p).is_some_and(|x| x.department != d))
        });
        changes && refused().is_none()
    };
    let people = move || {
        live.with(|s| {
            s.participants_by_name()
                .into_iter()
                .filter_map(|id| s.participants.get(&id))
                .map(|p| {
                    (
                        p.id,
                        format!("{} · {}", p.name, s.department_name(p.department)),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let may_facilitate = move || live.may(|s, actor| s.may_facilitate(actor).is_ok());
    view! {
        // Folded: moving someone is an exception, not part of running a phase.
        <details class="card move-card" data-testid="move-card" hidden=move || !may_facilitate() || live.with(|s| s.participants.is_empty())>
            <summary>{crate::tr!(i18n, console.move_heading)}</summary>
            <p class="muted small">{crate::tr!(i18n, console.move_hint)}</p>
            <form
                class="move-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if let (true, Some(p), Some(d)) = (ready(), person.get_untracked(), department.get_untracked()) {
                        live.send(Command::MoveParticipant { participant: p, department: d });
                        person.set(None);
                    }
                }
            >
                <label class="field" for="move-person">
                    <span class="form-label">{crate::tr!(i18n, console.move_person)}</span>
                    <select
                        id="move-person"
                        data-testid="move-person"
                        on:change=move |ev| person.set(event_target_value(&ev).parse().ok().map(ParticipantId))
                    >
                        <option value="" selected=move || person.get().is_none()>{crate::tr!(i18n, console.move_choose)}</option>
                        {move || {
                            people()
                                .into_iter()
                                .map(|(id, label)| view! { <option value=id.0.to_string() dir="auto">{label}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label class="field" for="move-department">
                    <span class="form-label">{crate::tr!(i18n, console.move_to)}</span>
                    <select
                        id="move-department"
                        data-testid="move-department"
                        on:change=move |ev| department.set(event_target_value(&ev).parse().ok().map(DepartmentId))
                    >
                        <option value="" selected=move || department.get().is_none()>{crate::tr!(i18n, console.move_choose)}</option>
                        {move || {
                            department_options()
                                .into_iter()
                                .map(|(id, name)| view! { <option value=id.0.to_string() dir="auto">{name}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <p class="field-error" data-testid="move-why">{refused}</p>
                <button class="btn" type="submit" data-testid="move-submit" disabled=move || !ready()>
                    {crate::tr!(i18n, console.move_button)}
                </button>
            </form>
        </details>
    }
}
