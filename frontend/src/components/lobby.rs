//! Who has joined, per department. The facilitator can rename departments here; a
//! participant can change their own department.

use crate::components::erased::{keyed, keyed_labels, show};
use crate::components::group::foldable;
use crate::components::move_participant::MyDepartment;
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{Command, DepartmentId, ParticipantId};

#[component]
pub fn Lobby() -> impl IntoView {
    let live = use_live();
    let departments =
        Memo::new(move |_| live.with(|s| s.departments.iter().map(|d| d.id).collect::<Vec<_>>()));
    view! {
        <MyDepartment />
        <section class="dept-grid">
            {keyed(
                move || departments.get(),
                move |id| view! { <DepartmentMembers id /> }
            )}
        </section>
    }
}

/// The most people a department's list shows unfolded when the console opens.
const OPEN_UP_TO: usize = 30;

#[component]
fn DepartmentMembers(id: DepartmentId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let name = move || live.with(|s| s.department_name(id).to_owned());
    let members = Memo::new(move |_| {
        live.with(|s| {
            s.members(id)
                .map(|p| (p.id, p.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let count = move || members.with(|m| lang::count(m.len()));
    let online = move || live.with(|s| s.readiness(Some(id)).online);
    view! {
        <div class="card dept-card" data-department-id=id.0.to_string()>
            <div class="dept-head">
                <h3 dir="auto">{name}</h3>
                <span class="dept-badges">
                    <span class="count-badge">{t!(i18n, board.joined, count = count)}</span>
                    <span class="count-badge count-online" data-testid=format!("online-{}", id.0)>
                        {move || t_string!(i18n, board.online_count, count = online()).to_string()}
                    </span>
                </span>
            </div>
            <RenameDepartment id />
            {show(
                move || live.with(|s| s.anonymity_is_weak(id)),
                move || view! {
                    <p class="notice small" data-testid=format!("weak-anonymity-{}", id.0)>
                        {crate::tr!(i18n, board.weak_anonymity)}
                    </p>
                },
                || (),
            )}
            {show(
                move || { count() > 0 },
                move || {
                    foldable(
                        format!("group-members-{}", id.0),
                        false,
                        // A crowd's names start folded: the console stays a console.
                        members.with_untracked(Vec::len) <= OPEN_UP_TO,
                        // The head's badge already says how many.
                        view! { <span class="group-count">{crate::tr!(i18n, board.member_names)}</span> },
                        view! {
                            <ul class="member-list">
                                {keyed_labels(
                                    move || members.get(),
                                    move |who, name| view! { <Member who name /> }
                                )}
                            </ul>
                        },
                    )
                },
                move || view! { <p class="empty">{crate::tr!(i18n, board.nobody_yet)}</p> },
            )}
        </div>
    }
}

/// One person in the lobby, with whether they are here (a dot, and words for
/// screen readers).
#[component]
fn Member(who: ParticipantId, name: String) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let online = move || live.with(|s| s.is_online(who));
    view! {
        <li class="member" class:online=online data-online=move || online().to_string()>
            <span class="presence-dot" aria-hidden="true"></span>
            <span dir="auto">{name}</span>
            <span class="sr-only">
                {move || if online() { t_string!(i18n, board.online) } else { t_string!(i18n, board.offline) }}
            </span>
        </li>
    }
}

#[component]
fn RenameDepartment(id: DepartmentId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // The server's own answer to the rename as typed (length, a name in use, …).
    let invalid = move || {
        let name = draft.get();
        live.why_not(|s, actor| s.may_rename(actor, id, &name).err())
            .map(|e| lang::domain_error(i18n, &e))
    };
    let may_rename = move || {
        let name = live.with(|s| s.department_name(id).to_owned());
        live.may(|s, actor| s.may_rename(actor, id, &name).is_ok())
    };
    let save = move || {
        if invalid().is_some() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let name = draft.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = live
                .run(Command::RenameDepartment {
                    department: id,
                    name,
                })
                .await
                .is_ok();
            busy.set(false);
            if ok {
                editing.set(false);
            }
        });
    };
    view! {
        {show(
            move || editing.get(),
            move || view! {
                <form
                    class="inline-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        save();
                    }
                >
                    <input
                        type="text"
                        aria-label=move || t_string!(i18n, board.department_name)
                        dir="auto"
                        maxlength="80"
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))
                    />
                    <button class="btn btn-small" type="submit" disabled=move || invalid().is_some() || busy.get()>
                        {crate::tr!(i18n, board.save)}
                    </button>
                    <button class="btn-link" type="button" on:click=move |_| editing.set(false)>
                        {crate::tr!(i18n, board.cancel)}
                    </button>
                    <span class="field-error">{invalid}</span>
                </form>
            },
            move || {
                view! {
                    <button
                        class="btn-link"
                        hidden=move || !may_rename()
                        data-testid=format!("rename-department-{}", id.0)
                        on:click=move |_| {
                            draft.set(live.with(|s| s.department_name(id).to_owned()));
                            editing.set(true);
                        }
                    >
                        {crate::tr!(i18n, board.rename)}
                    </button>
                }
            },
        )}
    }
}
