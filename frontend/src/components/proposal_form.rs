//! A participant's proposal of an action item, opened by "Propose action item" on
//! an idea and shown under it: what to do (the idea's words to start from), who owns
//! it, which department, by when. The problem and the idea are the ones it came from; the
//! facilitator approves it (possibly edited) or declines it.

use crate::i18n::*;
use crate::lang;
use crate::live::use_live;
use crate::util;
use leptos::html;
use leptos::prelude::*;
use summit_shared::limits::Field;
use summit_shared::{ActionDraft, ActionId, ActionStatus, Command, Date, DepartmentId, IdeaId};

/// How long a prefilled title may be: the action title limit, with room to edit.
const PREFILL_TITLE_CHARS: usize = 80;

/// The idea a proposal is being written for (`None`: the form is closed).
#[derive(Clone, Copy)]
pub struct ProposalDraft(pub RwSignal<Option<IdeaId>>);

impl ProposalDraft {
    pub fn new() -> ProposalDraft {
        ProposalDraft(RwSignal::new(None))
    }
}

#[component]
pub fn ProposalForm(draft: ProposalDraft) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let idea = draft.0;
    let title = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let department = RwSignal::new(None::<DepartmentId>);
    let due = RwSignal::new(util::date_in_days(14));
    let busy = RwSignal::new(false);
    let owner_ref: NodeRef<html::Input> = NodeRef::new();
    let form_ref: NodeRef<html::Form> = NodeRef::new();
    // A new idea chosen: start from its words and its problem's department, and
    // bring the form into view with the owner (what to type next) focused.
    Effect::new(move |_| {
        let Some(chosen) = idea.get() else { return };
        let found = live.state.with_untracked(|s| {
            let i = s.ideas.get(&chosen)?;
            let p = s.problems.get(&i.problem)?;
            Some((util::truncate(&i.text, PREFILL_TITLE_CHARS), p.department))
        });
        if let Some((text, dept)) = found {
            title.set(text);
            department.set(Some(dept));
        }
        // The owner focused (what to type next), then the whole form in view by the
        // least scrolling, with the idea above it where it can stay.
        request_animation_frame(move || {
            // `try_`: the form may be gone by the next frame.
            if let Some(Some(el)) = owner_ref.try_get_untracked() {
                let _ = el.focus();
            }
            if let Some(Some(form)) = form_ref.try_get_untracked() {
                util::bring_into_view(form.into());
            }
        });
    });
    // The command, or why the server would refuse it (asked of the shared rules).
    let command = move || -> Result<Command, String> {
        // The idea the form was opened for: never a reason to show.
        let Some(chosen) = idea.get() else {
            return Err(String::new());
        };
        let Some(problem) = live.with(|s| s.ideas.get(&chosen).map(|i| i.problem)) else {
            return Err(String::new());
        };
        let department = department
            .get()
            .ok_or_else(|| t_string!(i18n, plan.need_department).to_owned())?;
        let due =
            Date::parse(&due.get()).ok_or_else(|| t_string!(i18n, plan.need_due).to_owned())?;
        let action = ActionDraft {
            title: title.get(),
            problem: Some(problem),
            idea: Some(chosen),
            owner: owner.get(),
            department,
            due,
            status: ActionStatus::Open,
        };
        let refused = live.why_not(|s, actor| {
            s.may_propose_action(actor)
                .and_then(|me| s.check_proposal(ActionId(0), me.id, &action))
                .err()
        });
        match refused {
            Some(why) => Err(lang::domain_error(i18n, &why)),
            None => Ok(Command::ProposeAction { action }),
        }
    };
    // Say what is missing only once the owner has been typed.
    let shown_error = move || {
        if owner.with(String::is_empty) {
            None
        } else {
            command().err()
        }
    };
    // Sent or cancelled: the form closes and the person is back on the idea's
    // button, where they were.
    let close = move || {
        let back = idea.get_untracked().and_then(|chosen| {
            crate::components::plan_board::idea_button(&form_ref.try_get_untracked()??, chosen)
        });
        idea.set(None);
        owner.set(String::new());
        if let Some(button) = back {
            let _ = button.focus();
        }
    };
    let send = move || {
        let Ok(command) = command() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            if live.run(command).await.is_ok() {
                close();
            }
            busy.set(false);
        });
    };
    let names = Memo::new(move |_| {
        live.with(|s| {
            s.departments
                .iter()
                .map(|d| (d.id, d.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let departments = move || {
        names
            .get()
            .into_iter()
            .map(|(id, name)| {
                view! {
                    <option value=id.0.to_string() dir="auto" prop:selected=move || department.get() == Some(id)>
                        {name}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <form
            class="card form-card action-form"
            data-testid="proposal-form"
            node_ref=form_ref
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
            // Escape closes the form, as Cancel does.
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close();
                }
            }
        >
            <h3>{crate::tr!(i18n, plan.form_propose)}</h3>
            <div class="field">
                <label for="action-title">{crate::tr!(i18n, plan.what)}</label>
                <input
                    id="action-title"
                    type="text"
                    data-testid="action-title"
                    dir="auto"
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                />
                <span class="counter">{move || util::counter(&title.get(), Field::ActionTitle)}</span>
            </div>
            <div class="field-grid">
                <div class="field">
                    <label for="action-owner">{crate::tr!(i18n, plan.owner)}</label>
                    <input
                        id="action-owner"
                        type="text"
                        data-testid="action-owner"
                        dir="auto"
                        node_ref=owner_ref
                        placeholder=move || t_string!(i18n, plan.owner_placeholder)
                        prop:value=move || owner.get()
                        on:input=move |ev| owner.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="action-department">{crate::tr!(i18n, plan.owning_department)}</label>
                    <select
                        id="action-department"
                        data-testid="action-department"
                        on:change=move |ev| {
                            department.set(event_target_value(&ev).parse::<u32>().ok().map(DepartmentId))
                        }
                    >
                        {departments}
                    </select>
                </div>
                {crate::components::due_field::due_field(i18n, due)}
            </div>
            <div class="form-row">
                <span class="field-error">{shown_error}</span>
                <div class="button-row">
                    <button class="btn" type="button" on:click=move |_| close()>
                        {crate::tr!(i18n, plan.cancel)}
                    </button>
                    <button
                        class="btn btn-primary"
                        type="submit"
                        data-testid="action-save"
                        disabled=move || command().is_err() || busy.get()
                    >
                        {crate::tr!(i18n, plan.send_proposal)}
                    </button>
                </div>
            </div>
        </form>
    }
}
