//! The facilitator's action-item form: create, edit, or approve a participant's
//! proposal as proposed or edited. "Make action item" on an idea prefills it through
//! [`ActionFormModel::prefill_from_idea`]. (Participants propose with the shorter
//! [`crate::components::proposal_form`].)

use crate::components::erased::{keyed_labels, show};
use crate::i18n::*;
use crate::lang::{self, I18n};
use crate::live::{use_live, Live};
use crate::util;
use leptos::html;
use leptos::prelude::*;
use summit_shared::limits::Field;
use summit_shared::{
    ActionDraft, ActionId, ActionStatus, Carried, Command, Date, DepartmentId, IdeaId, ProblemId,
};
use wasm_bindgen::JsCast;

/// How long a prefilled title may be: the action title limit, with room to edit.
const PREFILL_TITLE_CHARS: usize = 80;

/// The form's fields, shared between the form, the ranked ideas and the table.
#[derive(Clone, Copy)]
pub struct ActionFormModel {
    pub editing: RwSignal<Option<ActionId>>,
    /// The item being edited is a proposal the facilitator is approving.
    pub approving: RwSignal<bool>,
    pub title: RwSignal<String>,
    pub problem: RwSignal<Option<ProblemId>>,
    pub idea: RwSignal<Option<IdeaId>>,
    pub owner: RwSignal<String>,
    pub department: RwSignal<Option<DepartmentId>>,
    pub due: RwSignal<String>,
    pub status: RwSignal<ActionStatus>,
    /// A form to bring into view and focus, once: the one under that idea
    /// (`Some(Some(idea))`) or the one below the list (`Some(None)`). Named, so a form
    /// that appears later (the one below the list, back after an idea's form closes)
    /// does not take the focus from where the facilitator is.
    focus: RwSignal<Option<Option<IdeaId>>>,
    /// The ranked idea whose "Make action item" opened the form: once the item is
    /// saved the facilitator is taken back there, to the next idea down the list,
    /// rather than left at a blank form below every ranked idea.
    came_from: RwSignal<Option<IdeaId>>,
    /// The form below the list is open for an item of the facilitator's own (it
    /// stays open after each save, for the next; Cancel folds it to its button).
    composing: RwSignal<bool>,
}

impl ActionFormModel {
    pub fn new() -> ActionFormModel {
        ActionFormModel {
            editing: RwSignal::new(None),
            approving: RwSignal::new(false),
            title: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            idea: RwSignal::new(None),
            owner: RwSignal::new(String::new()),
            department: RwSignal::new(None),
            due: RwSignal::new(util::date_in_days(14)),
            status: RwSignal::new(ActionStatus::Open),
            focus: RwSignal::new(None),
            came_from: RwSignal::new(None),
            composing: RwSignal::new(false),
        }
    }

    pub fn reset(self) {
        self.editing.set(None);
        self.approving.set(false);
        self.title.set(String::new());
        self.problem.set(None);
        self.idea.set(None);
        self.owner.set(String::new());
        self.department.set(None);
        self.status.set(ActionStatus::Open);
        self.came_from.set(None);
    }

    /// Opens the form below the list for a new item not made from an idea.
    pub fn compose(self) {
        self.reset();
        self.composing.set(true);
        self.focus.set(Some(None));
    }

    /// The form below the list is open: composing a new item or editing one (tracked).
    pub fn below_open(self) -> bool {
        self.composing.get() || self.editing.get().is_some()
    }

    /// Title from the idea, its problem, and the problem's department as owner team.
    pub fn prefill_from_idea(self, live: Live, idea: IdeaId) {
        let found = live.state.with_untracked(|s| {
            let i = s.ideas.get(&idea)?;
            let p = s.problems.get(&i.problem)?;
            Some((
                util::truncate(&i.text, PREFILL_TITLE_CHARS),
                p.id,
                p.department,
            ))
        });
        if let Some((title, problem, department)) = found {
            self.editing.set(None);
            self.composing.set(false);
            self.approving.set(false);
            self.title.set(title);
            self.problem.set(Some(problem));
            self.idea.set(Some(idea));
            self.department.set(Some(department));
            self.status.set(ActionStatus::Open);
            self.came_from.set(Some(idea));
            self.focus.set(Some(Some(idea)));
        }
    }

    /// Opens a proposal for the facilitator to check, edit and approve.
    pub fn approve(self, live: Live, id: ActionId) {
        self.edit(live, id);
        self.approving.set(true);
    }

    pub fn edit(self, live: Live, id: ActionId) {
        if let Some(a) = live.state.with_untracked(|s| s.actions.get(&id).cloned()) {
            self.editing.set(Some(id));
            self.composing.set(false);
            self.approving.set(false);
            self.came_from.set(None);
            self.title.set(a.title);
            self.problem.set(a.problem);
            self.idea.set(a.idea);
            self.owner.set(a.owner);
            self.department.set(Some(a.department));
            self.due.set(a.due.to_string());
            self.status.set(a.status);
            self.focus.set(Some(None));
        }
    }

    /// The ranked idea the form is open under, if "Make action item" opened it
    /// there (tracked).
    pub fn opened_at(self) -> Option<IdeaId> {
        self.came_from.get()
    }

    /// Where the item being edited comes from, if it was carried over (tracked).
    fn carried(self, live: Live) -> Option<Carried> {
        let id = self.editing.get()?;
        live.with(|s| s.actions.get(&id).and_then(|a| a.carried.clone()))
    }

    /// The command the form would send (create, or update the item being edited),
    /// or the first reason it is not ready: a choice still to make, or why the
    /// server would refuse it (tracked).
    fn command(self, live: Live, i18n: I18n) -> Result<Command, String> {
        // An item carried over keeps its problem from the earlier summit.
        let problem = if self.carried(live).is_some() {
            None
        } else {
            Some(
                self.problem
                    .get()
                    .ok_or_else(|| t_string!(i18n, plan.need_problem))?,
            )
        };
        let department = self
            .department
            .get()
            .ok_or_else(|| t_string!(i18n, plan.need_department))?;
        let due = Date::parse(&self.due.get()).ok_or_else(|| t_string!(i18n, plan.need_due))?;
        let action = ActionDraft {
            title: self.title.get(),
            problem,
            idea: self.idea.get(),
            owner: self.owner.get(),
            department,
            due,
            status: self.status.get(),
        };
        let editing = self.editing.get();
        let approving = self.approving.get();
        let refused = live.why_not(|s, actor| {
            match editing {
                Some(id) if approving => s
                    .may_review_action(actor, id)
                    .and_then(|_| s.check_action(id, &action)),
                Some(id) => s
                    .may_edit_action(actor, id)
                    .and_then(|_| s.check_action(id, &action)),
                None => s
                    .may_create_action(actor)
                    .and_then(|()| s.check_action(ActionId(0), &action)),
            }
            .err()
        });
        if let Some(why) = refused {
            return Err(lang::domain_error(i18n, &why));
        }
        Ok(match editing {
            Some(id) if approving => Command::ApproveAction { id, action },
            Some(id) => Command::UpdateAction { id, action },
            None => Command::CreateAction { action },
        })
    }
}

#[component]
pub fn ActionForm(
    model: ActionFormModel,
    /// The ranked idea this form is shown under (none: the form below the list).
    #[prop(optional)]
    under: Option<IdeaId>,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let title_ref: NodeRef<html::Input> = NodeRef::new();
    let form_ref: NodeRef<html::Form> = NodeRef::new();
    let owner_ref: NodeRef<html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if model.focus.get() != Some(under) {
            return;
        }
        model.focus.set(None);
        // Under an idea: the whole form in view by the least scrolling, the idea
        // above it where it can stay; below the list: its heading at the top.
        if under.is_some() {
            if let Some(form) = form_ref.get_untracked() {
                util::bring_into_view(form.into());
            }
        } else if let Some(title) = title_ref.get_untracked() {
            title.scroll_into_view();
        }
        // A title taken from an idea or an item: the owner is what comes next.
        let field = if model.title.get_untracked().is_empty() {
            title_ref.get_untracked()
        } else {
            owner_ref.get_untracked()
        };
        if let Some(field) = field {
            let _ = field.focus();
        }
    });
    let problems = Memo::new(move |_| {
        live.with(|s| {
            let picked: Vec<_> = s.picked_problems().collect();
            let list = if picked.is_empty() {
                s.live_problems().collect()
            } else {
                picked
            };
            list.into_iter()
                .map(|p| {
                    (
                        p.id,
                        format!(
                            "{} — {}",
                            s.department_name(p.department),
                            util::truncate(&p.text, 60)
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let ideas = Memo::new(move |_| {
        let problem = model.problem.get();
        live.with(|s| match problem {
            Some(problem) => s
                .ideas_for(problem)
                .map(|i| (i.id, util::truncate(&i.text, 60)))
                .collect::<Vec<_>>(),
            None => Vec::new(),
        })
    });
    let departments = Memo::new(move |_| {
        live.with(|s| {
            s.departments
                .iter()
                .map(|d| (d.id, d.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let problem_error = move || model.command(live, i18n).err();
    // Say what is missing only once the facilitator has started filling the form
    // (a title taken from an idea is not a start: the owner is still to come).
    let shown_error = move || {
        let started = model.editing.get().is_some()
            || !model.owner.get().is_empty()
            || (model.opened_at().is_none() && !model.title.get().is_empty());
        if started {
            problem_error()
        } else {
            None
        }
    };
    // Saved or cancelled, the focus goes where the facilitator carries on: the form
    // under an idea closes, back on that idea's button (the next idea is below it);
    // the form below the list stays open after a save, ready for the next item, and
    // folds to its button on Cancel (as after saving an edit).
    let close = move |cancelled: bool| {
        let form = form_ref.try_get_untracked().flatten();
        let back = model
            .came_from
            .get_untracked()
            .and_then(|idea| crate::components::plan_board::idea_button(form.as_ref()?, idea));
        let parent = form.and_then(|f| f.parent_element());
        let editing = model.editing.get_untracked().is_some();
        model.reset();
        if cancelled || editing {
            model.composing.set(false);
        }
        if let Some(button) = back {
            let _ = button.focus();
        } else if model.composing.get_untracked() {
            if let Some(Some(title)) = title_ref.try_get_untracked() {
                let _ = title.focus();
            }
        } else if let Some(parent) = parent {
            // The button takes the form's place once the page has redrawn.
            request_animation_frame(move || {
                if let Some(button) = parent
                    .query_selector("[data-testid=\"action-new\"]")
                    .ok()
                    .flatten()
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = button.focus();
                }
            });
        }
    };
    let save = move || {
        let Ok(command) = model.command(live, i18n) else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            if live.run(command).await.is_ok() {
                close(false);
            }
            busy.set(false);
        });
    };
    view! {
        <form
            class="card form-card action-form"
            node_ref=form_ref
            on:submit=move |ev| {
                ev.prevent_default();
                save();
            }
            // Escape closes the form, as Cancel does.
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close(true);
                }
            }
        >
            <h3>
                {move || {
                    if model.approving.get() {
                        t_string!(i18n, plan.form_approve)
                    } else if model.editing.get().is_some() {
                        t_string!(i18n, plan.form_edit)
                    } else {
                        t_string!(i18n, plan.form_new)
                    }
                }}
            </h3>
            <div class="field">
                <label for="action-title">{crate::tr!(i18n, plan.what)}</label>
                <input
                    id="action-title"
                    type="text"
                    data-testid="action-title"
                    dir="auto"
                    node_ref=title_ref
                    placeholder=move || t_string!(i18n, plan.what_placeholder)
                    prop:value=move || model.title.get()
                    on:input=move |ev| model.title.set(event_target_value(&ev))
                />
                <span class="counter">{move || util::counter(&model.title.get(), Field::ActionTitle)}</span>
            </div>
            {move || model.carried(live).map(|c| view! {
                <p class="carried-origin" data-testid="action-carried-origin">
                    <span class="tag tag-carried">{let from = c.from.clone(); move || t_string!(i18n, review.carried_from, from = from.clone()).to_string()}</span>
                    " "
                    <span dir="auto">{c.problem.clone()}</span>
                </p>
            })}
            <div class="field-grid">
                <div class="field" hidden=move || model.carried(live).is_some() || model.opened_at().is_some()>
                    <label for="action-problem">{crate::tr!(i18n, plan.problem)}</label>
                    <select
                        id="action-problem"
                        data-testid="action-problem"
                        on:change=move |ev| {
                            let value = event_target_value(&ev).parse::<u32>().ok().map(ProblemId);
                            if value != model.problem.get_untracked() {
                                model.idea.set(None);
                            }
                            model.problem.set(value);
                        }
                    >
                        <option value="" prop:selected=move || model.problem.get().is_none()>
                            {crate::tr!(i18n, plan.choose_problem)}
                        </option>
                        {keyed_labels(
                            move || problems.get(),
                            move |id, label| {
                                view! {
                                    <option value=id.0.to_string() dir="auto" prop:selected=move || model.problem.get() == Some(id)>
                                        {label}
                                    </option>
                                }
                            }
                        )}
                    </select>
                </div>
                <div class="field" hidden=move || model.carried(live).is_some() || model.opened_at().is_some()>
                    <label for="action-idea">{crate::tr!(i18n, plan.from_idea)}</label>
                    <select
                        id="action-idea"
                        data-testid="action-idea"
                        on:change=move |ev| model.idea.set(event_target_value(&ev).parse::<u32>().ok().map(IdeaId))
                    >
                        <option value="" prop:selected=move || model.idea.get().is_none()>
                            {crate::tr!(i18n, plan.no_idea)}
                        </option>
                        {keyed_labels(
                            move || ideas.get(),
                            move |id, label| {
                                view! {
                                    <option value=id.0.to_string() dir="auto" prop:selected=move || model.idea.get() == Some(id)>
                                        {label}
                                    </option>
                                }
                            }
                        )}
                    </select>
                </div>
                <div class="field">
                    <label for="action-owner">{crate::tr!(i18n, plan.owner)}</label>
                    <input
                        id="action-owner"
                        type="text"
                        data-testid="action-owner"
                        dir="auto"
                        node_ref=owner_ref
                        placeholder=move || t_string!(i18n, plan.owner_placeholder)
                        prop:value=move || model.owner.get()
                        on:input=move |ev| model.owner.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="action-department">{crate::tr!(i18n, plan.owning_department)}</label>
                    <select
                        id="action-department"
                        data-testid="action-department"
                        on:change=move |ev| {
                            model.department.set(event_target_value(&ev).parse::<u32>().ok().map(DepartmentId))
                        }
                    >
                        <option value="" prop:selected=move || model.department.get().is_none()>
                            {crate::tr!(i18n, plan.choose)}
                        </option>
                        {keyed_labels(
                            move || departments.get(),
                            move |id, name| {
                                view! {
                                    <option value=id.0.to_string() dir="auto" prop:selected=move || model.department.get() == Some(id)>
                                        {name}
                                    </option>
                                }
                            }
                        )}
                    </select>
                </div>
                {crate::components::due_field::due_field(i18n, model.due)}
                {show(
                    move || model.editing.get().is_some() && !model.approving.get(),
                    move || view! {
                        <div class="field">
                            <label for="action-edit-status">{crate::tr!(i18n, plan.status)}</label>
                            <select
                                id="action-edit-status"
                                on:change=move |ev| {
                                    if let Some(s) = ActionStatus::parse(&event_target_value(&ev)) {
                                        model.status.set(s);
                                    }
                                }
                            >
                                {ActionStatus::ALL
                                    .iter()
                                    .copied()
                                    .map(|s| {
                                        view! {
                                            <option value=ActionStatus::as_str(s) prop:selected=move || model.status.get() == s>
                                                {move || lang::status_name(i18n, s)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    },
                    || (),
                )}
            </div>
            <div class="form-row">
                <span class="field-error">{shown_error}</span>
                <div class="button-row">
                    <button class="btn" type="button" data-testid="action-cancel" on:click=move |_| close(true)>
                        {crate::tr!(i18n, plan.cancel)}
                    </button>
                    <button
                        class="btn btn-primary"
                        type="submit"
                        data-testid="action-save"
                        disabled=move || problem_error().is_some() || busy.get()
                    >
                        {move || {
                            if model.approving.get() {
                                t_string!(i18n, plan.approve)
                            } else if model.editing.get().is_some() {
                                t_string!(i18n, plan.save_changes)
                            } else {
                                t_string!(i18n, plan.add_action)
                            }
                        }}
                    </button>
                </div>
            </div>
        </form>
    }
}
