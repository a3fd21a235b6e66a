//! Following the action items up after the summit: each agreed item as a card with
//! its owner, department, due date (overdue marked), status and dated progress
//! notes, for leads (the follow-up link) and the facilitator, who set the status
//! and write notes where the shared rules allow it; the facilitator's panel of
//! links beyond the room (the follow-up link, the calendar feed); and deleting the
//! session for good.

use crate::api;
use crate::components::action_form::ActionFormModel;
use crate::components::copy_button::CopyButton;
use crate::components::erased::{keyed, show};
use crate::components::show_toggle::show_toggle;
use crate::components::status_control::StatusControl;
use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::api::{paths, SessionLinks};
use summit_shared::limits::Field;
use summit_shared::{ActionId, ActionStatus, Command, LinkKind, NoteAuthor};

/// The agreed items, overdue first and done last, with how they stand.
#[component]
pub fn FollowUpList() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let today = util::today();
    let order = Memo::new(move |_| {
        today.map_or_else(Vec::new, |today| live.with(|s| s.follow_up_order(today)))
    });
    let counts = Memo::new(move |_| today.map(|today| live.with(|s| s.follow_up_counts(today))));
    let chip = move |label: String, n: u32, class: &'static str| {
        view! {
            <span class=format!("status-pill {class}")>{label} " " <strong>{n}</strong></span>
        }
    };
    view! {
        <section class="card follow-up" data-testid="follow-up">
            <h2 class="section-title">{crate::tr!(i18n, plan.actions_heading)}</h2>
            // No row of zeros above "No agreed action items".
            {move || counts.get().filter(|_| order.with(|o| !o.is_empty())).map(|c| view! {
                <p class="follow-up-counts" data-testid="follow-up-counts">
                    {chip(lang::status_name(i18n, ActionStatus::Open).to_owned(), c.open, "status-open")}
                    {chip(lang::status_name(i18n, ActionStatus::InProgress).to_owned(), c.in_progress, "status-in_progress")}
                    {chip(lang::status_name(i18n, ActionStatus::Done).to_owned(), c.done, "status-done")}
                    // Not a fourth bucket: the overdue are some of the open and in progress.
                    {(c.overdue > 0).then(|| view! {
                        <span class="follow-up-late" data-testid="follow-up-late">
                            {t_string!(i18n, followup.overdue_count, count = c.overdue).to_string()}
                        </span>
                    })}
                </p>
            })}
            {show(
                move || order.with(|o| !o.is_empty()),
                move || view! {
                    <ol class="follow-up-items">
                        {keyed(move || order.get(), |id| view! { <FollowUpItem id /> })}
                    </ol>
                },
                move || view! { <p class="empty">{crate::tr!(i18n, followup.empty)}</p> },
            )}
        </section>
    }
}

#[component]
fn FollowUpItem(id: ActionId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let item = Memo::new(move |_| live.with(|s| s.actions.get(&id).cloned()));
    let context = move || {
        live.with(|s| {
            let a = s.actions.get(&id)?;
            let problem = s.action_problem(a).map(|p| util::truncate(p, 90));
            let idea = s
                .action_idea(a)
                .map(|i| t_string!(i18n, plan.idea_ref, idea = util::truncate(i, 90)).to_string());
            let from = a
                .carried
                .as_ref()
                .map(|c| t_string!(i18n, review.carried_from, from = c.from.clone()).to_string());
            Some(
                [from, problem, idea]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
            )
        })
    };
    let overdue = move || {
        let today = util::today();
        item.with(|a| a.as_ref().zip(today).is_some_and(|(a, t)| a.is_overdue(t)))
    };
    let status = move || item.with(|a| a.as_ref().map_or(ActionStatus::Open, |a| a.status));
    let may_note = move || live.may(|s, actor| s.may_add_note(actor, id).is_ok());
    // The facilitator's form, where the console offers it: items stay editable
    // after the summit.
    let model = use_context::<ActionFormModel>();
    let edit = move || {
        model
            .filter(|_| live.may(|s, actor| s.may_edit_action(actor, id).is_ok()))
            .map(|m| {
                view! {
                    <button
                        class="btn-link"
                        type="button"
                        data-testid=format!("follow-up-edit-{}", id.0)
                        on:click=move |_| m.edit(live, id)
                    >
                        {crate::tr!(i18n, plan.edit)}
                    </button>
                }
            })
    };
    let heading = format!("follow-up-title-{}", id.0);
    let labelled_by = heading.clone();
    view! {
        <li
            class=move || {
                let late = if overdue() { " overdue" } else { "" };
                format!("follow-up-item status-{}{late}", status().as_str())
            }
            data-testid="follow-up-item"
            data-action-id=id.0.to_string()
            aria-labelledby=labelled_by
        >
            <div class="follow-up-head">
                <h3 id=heading dir="auto">{move || item.with(|a| a.as_ref().map(|a| a.title.clone()))}</h3>
                <StatusControl id asks=true testid=format!("follow-up-status-{}", id.0) />
            </div>
            <p class="follow-up-meta">
                <span dir="auto">{move || item.with(|a| a.as_ref().map(|a| a.owner.clone()))}</span>
                " · "
                <span dir="auto">{move || live.with(|s| item.with(|a| a.as_ref().map(|a| s.department_name(a.department).to_owned())))}</span>
                " · "
                {crate::tr!(i18n, plan.due)}
                " "
                <span>{move || item.with(|a| a.as_ref().map(|a| lang::date(i18n, a.due)))}</span>
                {move || overdue().then(|| view! {
                    " "
                    <span class="tag tag-overdue" data-testid=format!("follow-up-overdue-{}", id.0)>
                        {crate::tr!(i18n, followup.overdue)}
                    </span>
                })}
            </p>
            <p class="muted small" dir="auto">{context} " " {edit}</p>
            <Notes id />
            {show(may_note, move || view! { <NoteForm id /> }, || ())}
        </li>
    }
}

/// The item's progress notes, oldest first, each with its day and who wrote it.
#[component]
pub fn Notes(id: ActionId) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let notes = move || {
        live.with(|s| {
            s.actions
                .get(&id)
                .map(|a| a.notes.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="follow-up-notes" data-testid=format!("follow-up-notes-{}", id.0)>
            <h4 class="visually-hidden">{crate::tr!(i18n, followup.notes_heading)}</h4>
            {move || {
                let notes = notes();
                if notes.is_empty() {
                    return view! { <p class="muted small">{crate::tr!(i18n, followup.no_notes)}</p> }.into_any();
                }
                view! {
                    <ul class="note-list">
                        {notes
                            .into_iter()
                            .map(|note| {
                                let day = util::day_of_ms(note.at).map(|d| lang::date(i18n, d)).unwrap_or_default();
                                let by = note.by;
                                view! {
                                    <li>
                                        <span class="note-day">{day}</span>
                                        " "
                                        <span dir="auto">{note.text}</span>
                                        " "
                                        <span class="muted small">
                                            "("
                                            {move || match by {
                                                NoteAuthor::Lead => t_string!(i18n, followup.by_lead),
                                                NoteAuthor::Facilitator => t_string!(i18n, followup.by_facilitator),
                                            }}
                                            ")"
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </div>
    }
}

/// One line on how it is going; a refusal shows under the field.
#[component]
fn NoteForm(id: ActionId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let field = format!("note-{}", id.0);
    let error_id = format!("note-error-{}", id.0);
    let invalid = move || {
        let typed = text.get();
        (!typed.is_empty())
            .then(|| util::check(i18n, Field::Note, &typed))
            .flatten()
    };
    let shown = move || error.get().or_else(invalid);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if let Some(why) = util::check(i18n, Field::Note, &text.get_untracked()) {
            error.set(Some(why));
            return;
        }
        busy.set(true);
        let command = Command::AddNote {
            id,
            text: text.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match live.run_here(command).await {
                Ok(()) => {
                    text.set(String::new());
                    error.set(None);
                }
                Err(err) => {
                    error.set(live.try_with(|s| lang::api_error(i18n, &err, Some(s))));
                }
            }
            busy.set(false);
        });
    };
    let described = error_id.clone();
    view! {
        <form class="note-form" on:submit=submit>
            <label class="form-label" for=field.clone()>{crate::tr!(i18n, followup.note_label)}</label>
            <div class="inline-form">
                <input
                    id=field
                    type="text"
                    data-testid=format!("follow-up-note-{}", id.0)
                    maxlength=summit_shared::limits::NOTE_MAX.to_string()
                    placeholder=move || t_string!(i18n, followup.note_placeholder)
                    aria-invalid=move || shown().is_some().to_string()
                    aria-describedby=move || shown().map(|_| described.clone())
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        error.set(None);
                        text.set(event_target_value(&ev));
                    }
                />
                <button class="btn btn-small" type="submit" disabled=move || busy.get() data-testid=format!("follow-up-add-{}", id.0)>
                    {crate::tr!(i18n, followup.add_note)}
                </button>
            </div>
            {move || shown().map(|why| view! {
                <p class="field-error" id=error_id.clone() role="alert">{why}</p>
            })}
        </form>
    }
}

/// The facilitator's links beyond the room: the follow-up link for leads and the
/// calendar feed, each created, copied, renewed or revoked here.
#[component]
pub fn LinksPanel() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let keys: RwSignal<SessionLinks> = RwSignal::new(SessionLinks::default());
    // The keys follow the log: fetched again whenever a link is issued or revoked.
    let generations = Memo::new(move |_| live.with(|s| s.links));
    Effect::new(move |_| {
        // Read, not only tracked: a memo nobody reads is never computed, and so
        // never changes.
        let _ = generations.get();
        let id = live.id.get_value();
        let token = live.token();
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::links(&id, &token).await {
                keys.set(found);
            }
        });
    });
    let id = live.id.get_value();
    let lead_url = {
        let id = id.clone();
        Signal::derive(move || {
            keys.with(|k| {
                k.follow_up
                    .as_ref()
                    .map(|key| format!("{}{}#key={key}", util::origin(), paths::page_actions(&id)))
            })
        })
    };
    let calendar_url = Signal::derive(move || {
        keys.with(|k| {
            k.calendar
                .as_ref()
                .map(|key| format!("{}{}", util::origin(), paths::calendar(&id, key)))
        })
    });
    let may = move || live.may(|s, actor| s.may_hand_out_links(actor).is_ok());
    view! {
        <section class="card links-card" data-testid="links-panel">
            <h2 class="section-title">{crate::tr!(i18n, followup.links_heading)}</h2>
            <LinkRow
                link=LinkKind::FollowUp
                url=lead_url
                may
                title=|i18n| t_string!(i18n, followup.lead_link)
                help=|i18n| t_string!(i18n, followup.lead_link_help)
                create=|i18n| t_string!(i18n, followup.create_link)
                copy=|i18n| t_string!(i18n, followup.copy_lead_link)
            />
            <LinkRow
                link=LinkKind::Calendar
                url=calendar_url
                may
                title=|i18n| t_string!(i18n, followup.calendar)
                help=|i18n| t_string!(i18n, followup.calendar_help)
                create=|i18n| t_string!(i18n, followup.create_calendar)
                copy=|i18n| t_string!(i18n, followup.copy_calendar)
            />
            <p class="muted small">{crate::tr!(i18n, followup.renew_help)}</p>
        </section>
    }
}

type Words = fn(crate::lang::I18n) -> &'static str;

#[component]
fn LinkRow(
    link: LinkKind,
    url: Signal<Option<String>>,
    may: impl Fn() -> bool + Copy + Send + Sync + 'static,
    title: Words,
    help: Words,
    create: Words,
    copy: Words,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let name = link.as_str();
    let field = format!("link-{name}");
    let webcal = move || {
        url.get().map(|u| {
            let rest = u
                .split_once("://")
                .map_or(u.as_str(), |(_, r)| r)
                .to_owned();
            format!("webcal://{rest}")
        })
    };
    // Blurred until asked for, as the facilitator link is: a console shown on the
    // room's screen or shared in a call must not hand out the key.
    let shown = RwSignal::new(false);
    let title_id = format!("link-title-{name}");
    view! {
        <div class="link-row" data-testid=format!("link-{name}")>
            <h3 class="link-title" id=title_id.clone()>{move || title(i18n)}</h3>
            <p class="muted small">{move || help(i18n)}</p>
            {move || match url.get() {
                None => show(
                    may,
                    move || view! {
                        <button
                            class="btn btn-small"
                            type="button"
                            data-testid=format!("link-create-{name}")
                            on:click=move |_| live.send(Command::IssueLink { link })
                        >
                            {move || create(i18n)}
                        </button>
                    },
                    || (),
                ),
                Some(address) => {
                    let field = field.clone();
                    let title_id = title_id.clone();
                    view! {
                        <div class="link-value">
                            <input
                                id=field
                                type="text"
                                readonly=true
                                class="mono"
                                class:blurred=move || !shown.get()
                                aria-label=move || title(i18n)
                                data-testid=format!("link-url-{name}")
                                prop:value=address.clone()
                            />
                            <div class="button-row">
                                {show_toggle(shown, format!("link-show-{name}"), title_id)}
                                <CopyButton text=Signal::stored(address.clone()) label=copy />
                                {(link == LinkKind::Calendar).then(|| view! {
                                    <a class="btn btn-small" href=webcal data-testid="link-subscribe">
                                        {crate::tr!(i18n, followup.subscribe)}
                                    </a>
                                })}
                                {move || may().then(|| view! {
                                    <button
                                        class="btn-link"
                                        type="button"
                                        data-testid=format!("link-renew-{name}")
                                        on:click=move |_| live.send(Command::IssueLink { link })
                                    >
                                        {crate::tr!(i18n, followup.renew)}
                                    </button>
                                    <button
                                        class="btn-link danger"
                                        type="button"
                                        data-testid=format!("link-revoke-{name}")
                                        on:click=move |_| live.send(Command::RevokeLink { link })
                                    >
                                        {crate::tr!(i18n, followup.revoke)}
                                    </button>
                                })}
                            </div>
                        </div>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

/// Deleting the session for good, behind its title typed in full: the button
/// works once the shared rule says the title matches.
#[component]
pub fn DeleteSessionPanel() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let router = crate::router::use_router();
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let title = move || live.with(|s| s.title.clone());
    let ready = move || live.may(|s, actor| s.may_delete(actor, &typed.get()).is_ok());
    let delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || !ready() {
            return;
        }
        busy.set(true);
        let id = live.id.get_value();
        let token = live.token();
        let confirmed = typed.get_untracked();
        leptos::task::spawn_local(async move {
            match api::delete_session(&id, &token, confirmed).await {
                Ok(()) => {
                    live.stop();
                    crate::storage::forget_facilitator_token(&id);
                    router.navigate("/", true);
                }
                Err(err) => {
                    error.set(Some(lang::api_error(i18n, &err, None)));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <details class="card danger-zone" data-testid="delete-session">
            <summary>{crate::tr!(i18n, followup.delete_heading)}</summary>
            <form on:submit=delete>
                <p class="small">{crate::tr!(i18n, followup.delete_help)}</p>
                <label class="form-label" for="delete-title">{crate::tr!(i18n, followup.delete_confirm)}</label>
                <p class="delete-title-hint"><strong dir="auto">{title}</strong></p>
                <input
                    id="delete-title"
                    type="text"
                    autocomplete="off"
                    data-testid="delete-title"
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        error.set(None);
                        typed.set(event_target_value(&ev));
                    }
                />
                {move || error.get().map(|why| view! { <p class="field-error" role="alert">{why}</p> })}
                <button class="btn btn-danger" type="submit" disabled=move || !ready() || busy.get() data-testid="delete-confirm">
                    {crate::tr!(i18n, followup.delete_button)}
                </button>
            </form>
        </details>
    }
}
