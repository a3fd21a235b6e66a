//! The Review phase: the action items carried over from the earlier summit, each
//! with its owner, department, due date, status, problem and progress notes, and
//! what the room decided (done, continue, drop). The facilitator decides, live, for
//! everyone; the projector and participants watch the tally move.

use crate::components::erased::{keyed, show};
use crate::components::follow_up::Notes;
use crate::components::moderation::Moderation;
use crate::i18n::*;
use crate::lang::{self, I18n};
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::{ActionId, Command, DepartmentId, Verdict, Viewer};

/// A verdict's name, as its button and its pill say it.
fn verdict_name(i18n: I18n, verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Done => t_string!(i18n, review.verdict_done),
        Verdict::Continue => t_string!(i18n, review.verdict_continue),
        Verdict::Drop => t_string!(i18n, review.verdict_drop),
    }
}

#[component]
pub fn CarriedReview() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let items = move || live.with(|s| s.carried_actions().map(|a| a.id).collect::<Vec<_>>());
    let participant = live
        .viewer
        .get_untracked()
        .and_then(Viewer::participant)
        .is_some();
    let from = move || {
        live.with(|s| {
            s.carried_actions()
                .next()
                .and_then(|a| a.carried.as_ref())
                .map(|c| c.from.clone())
                .unwrap_or_default()
        })
    };
    // How many of each verdict, and how many are still to decide.
    let tally = move || {
        live.with(|s| {
            let mut t = [0usize; 4];
            for a in s.carried_actions() {
                let slot = match a.carried.as_ref().and_then(|c| c.verdict) {
                    Some(Verdict::Done) => 0,
                    Some(Verdict::Continue) => 1,
                    Some(Verdict::Drop) => 2,
                    None => 3,
                };
                t[slot] += 1;
            }
            t
        })
    };
    let chip = move |label: &'static str, n: usize, class: &'static str| {
        view! { <span class=format!("status-pill {class}")>{label} " " <strong>{n}</strong></span> }
    };
    view! {
        <section class="card review-card" data-testid="carried-review" aria-labelledby="review-heading">
            <h2 id="review-heading" class="section-title">
                {move || t_string!(i18n, review.heading, from = from()).to_string()}
            </h2>
            // What the room decides and where it is noted is the facilitator's to
            // know; a participant's phone has the phase's one line for it.
            {(!participant).then(|| view! { <p class="muted" data-testid="review-intro">{crate::tr!(i18n, review.intro)}</p> })}
            <p class="follow-up-counts" data-testid="review-tally" aria-live="polite">
                {move || {
                    let [done, going, dropped, open] = tally();
                    view! {
                        {chip(verdict_name(i18n, Verdict::Continue), going, "verdict-continue")}
                        {chip(verdict_name(i18n, Verdict::Done), done, "verdict-done")}
                        {chip(verdict_name(i18n, Verdict::Drop), dropped, "verdict-drop")}
                        {chip(t_string!(i18n, review.undecided), open, "verdict-open")}
                    }
                }}
            </p>
            <ol class="follow-up-items carried-items">
                {keyed(items, |id| view! { <CarriedItem id /> })}
            </ol>
        </section>
    }
}

#[component]
fn CarriedItem(id: ActionId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let verdict =
        move || live.with(|s| s.actions.get(&id).and_then(|a| a.carried.as_ref()?.verdict));
    let text = move |f: fn(&summit_shared::ActionItem) -> String| {
        move || live.with(|s| s.actions.get(&id).map(f).unwrap_or_default())
    };
    let title = text(|a| a.title.clone());
    let owner = text(|a| a.owner.clone());
    let old_department = text(|a| {
        a.carried
            .as_ref()
            .map(|c| c.department.clone())
            .unwrap_or_default()
    });
    let problem = text(|a| {
        a.carried
            .as_ref()
            .map(|c| c.problem.clone())
            .unwrap_or_default()
    });
    let idea = text(|a| {
        a.carried
            .as_ref()
            .and_then(|c| c.idea.clone())
            .unwrap_or_default()
    });
    let due = move || {
        live.with(|s| {
            s.actions
                .get(&id)
                .map(|a| lang::date(i18n, a.due))
                .unwrap_or_default()
        })
    };
    let status = move || live.with(|s| s.actions.get(&id).map(|a| a.status));
    // Done or dropped, an item's status and lateness are over: the room's decision
    // is all it shows, rather than badges that contradict it.
    let settled = move || matches!(verdict(), Some(Verdict::Done | Verdict::Drop));
    let overdue = move || {
        let today = util::today();
        !settled()
            && live.with(|s| {
                s.actions
                    .get(&id)
                    .zip(today)
                    .is_some_and(|(a, t)| a.is_overdue(t))
            })
    };
    let heading = format!("carried-title-{}", id.0);
    let labelled_by = heading.clone();
    // The facilitator's buttons come with the console (its download, not a
    // participant's).
    let decision = use_context::<Moderation>().map(|m| m.verdict);
    view! {
        <li
            class=move || {
                let v = verdict().map_or("open", Verdict::as_str);
                let late = if overdue() { " overdue" } else { "" };
                format!("follow-up-item carried-item verdict-{v}{late}")
            }
            data-testid="carried-item"
            data-action-id=id.0.to_string()
            aria-labelledby=labelled_by
        >
            <div class="follow-up-head">
                <h3 id=heading dir="auto">{title}</h3>
                <span class=move || format!("status-pill verdict-{}", verdict().map_or("open", Verdict::as_str)) data-testid=format!("carried-verdict-{}", id.0)>
                    // Named as the room's decision: beside the item's status ("Open",
                    // "Done") the bare verdict reads as a second status.
                    {move || match verdict() {
                        Some(v) => t_string!(i18n, review.decision, verdict = verdict_name(i18n, v)).to_string(),
                        None => t_string!(i18n, review.undecided).to_string(),
                    }}
                </span>
            </div>
            <p class="follow-up-meta">
                <span dir="auto">{owner}</span>
                " · "
                <span dir="auto">{old_department}</span>
                " · "
                {crate::tr!(i18n, plan.due)}
                " "
                {due}
                {move || overdue().then(|| view! { " " <span class="tag tag-overdue">{crate::tr!(i18n, followup.overdue)}</span> })}
                " "
                {move || status().filter(|_| !settled()).map(|s| view! {
                    <span class=format!("status-pill status-{}", s.as_str())>{lang::status_name(i18n, s)}</span>
                })}
            </p>
            <p class="follow-up-context muted small">
                <span dir="auto">{problem}</span>
                {move || {
                    let idea = idea();
                    (!idea.is_empty()).then(|| view! {
                        " · "
                        <span dir="auto">{t_string!(i18n, plan.idea_ref, idea = idea).to_string()}</span>
                    })
                }}
            </p>
            <Notes id />
            {decision.map(|decision| decision(id))}
        </li>
    }
}

/// The facilitator's verdict on one carried item: continue (in a department they may
/// change), done or drop, each a button that stays pressed once chosen.
pub fn decision(id: ActionId) -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    let decides =
        move || live.may(|s, actor| s.may_review_carried(actor, id, Verdict::Drop, None).is_ok());
    let verdict =
        move || live.with(|s| s.actions.get(&id).and_then(|a| a.carried.as_ref()?.verdict));
    // The department a continuing item joins: the one it was matched to on import
    // (this summit's of the same name), or the facilitator's choice.
    let joins = move || live.with(|s| s.actions.get(&id).map(|a| a.department));
    let departments = Memo::new(move |_| {
        live.with(|s| {
            s.departments
                .iter()
                .map(|d| (d.id, d.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let decide = move |verdict: Verdict, department: Option<DepartmentId>| {
        live.send(Command::ReviewCarried {
            id,
            verdict,
            department,
        });
    };
    let button = move |v: Verdict| {
        view! {
            <button
                type="button"
                class=move || {
                    let on = verdict() == Some(v);
                    format!("btn btn-small verdict-{}{}", v.as_str(), if on { " chosen" } else { "" })
                }
                aria-pressed=move || if verdict() == Some(v) { "true" } else { "false" }
                data-testid=format!("carried-{}-{}", v.as_str(), id.0)
                on:click=move |_| decide(v, None)
            >
                {move || verdict_name(i18n, v)}
            </button>
        }
    };
    // Rebuilt only when the right to decide flips, not on every verdict: the
    // button pressed keeps the focus.
    show(
        decides,
        move || {
            view! {
                <div class="review-decision" role="group" aria-labelledby=format!("carried-title-{}", id.0)>
                    {button(Verdict::Continue)}
                    {button(Verdict::Done)}
                    {button(Verdict::Drop)}
                    // Where an item continues says nothing of one done or dropped.
                    <label
                        class="review-joins"
                        hidden=move || matches!(verdict(), Some(Verdict::Done | Verdict::Drop))
                    >
                        {crate::tr!(i18n, review.joins)}
                        " "
                        <select
                            data-testid=format!("carried-department-{}", id.0)
                            on:change=move |ev| {
                                // Choosing where it continues is choosing that it continues.
                                let chosen = event_target_value(&ev).parse::<u32>().ok().map(DepartmentId);
                                decide(Verdict::Continue, chosen);
                            }
                        >
                            {move || departments.get().into_iter().map(|(d, name)| view! {
                                <option value=d.0.to_string() dir="auto" prop:selected=move || joins() == Some(d)>{name}</option>
                            }).collect_view()}
                        </select>
                    </label>
                </div>
            }
        },
        || (),
    )
}
