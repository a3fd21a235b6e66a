//! The summit's own measure: which departments brought ideas for which departments'
//! problems, as a table (each cell shaded by its share, own-department cells marked),
//! how many ideas (and how many winning ideas) crossed departments, and how many
//! cards each department wrote, as bars (integer SVG geometry) beside their numbers.

use crate::components::erased::keyed;
use crate::components::reveal_chart::{bar_length, BAR_MAX};
use crate::i18n::*;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::DepartmentId;

/// How dark a cell is: 0 for none, then 1 to 4 by its share of the largest cell.
fn level(count: u32, max: u32) -> u32 {
    if count == 0 || max == 0 {
        return 0;
    }
    1 + (count * 3) / max
}

#[component]
pub fn IdeaFlowCard() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let flow = Memo::new(move |_| live.with(|s| s.idea_flow()));
    let names = Memo::new(move |_| {
        live.with(|s| {
            s.departments
                .iter()
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
        })
    });
    let headline = move || {
        let f = flow.get();
        let (across, all) = f.across();
        let mut line = t_string!(i18n, plan.flow_across, across = across, all = all).to_string();
        // The winners (once the votes are revealed) on a line of their own
        // (`white-space: pre-line`): two figures the room takes in at a glance.
        if f.winners > 0 {
            line.push('\n');
            line.push_str(
                &t_string!(
                    i18n,
                    plan.flow_winners,
                    across = f.winners_across,
                    all = f.winners
                )
                .to_string(),
            );
        }
        line
    };
    let head = move || {
        names
            .get()
            .into_iter()
            .map(|name| view! { <th scope="col" dir="auto">{name}</th> })
            .collect_view()
    };
    let body = move || {
        let f = flow.get();
        let max = f.max();
        let n = f.departments.len();
        names
            .get()
            .into_iter()
            .enumerate()
            .map(|(from, name)| {
                let cells = (0..n)
                    .map(|to| {
                        let count = f.count(from, to);
                        let class = format!("flow-cell level-{}", level(count, max));
                        view! { <td class=class class:own=from == to>{count.to_string()}</td> }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row" dir="auto">{name}</th>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
    };
    let departments =
        Memo::new(move |_| live.with(|s| s.departments.iter().map(|d| d.id).collect::<Vec<_>>()));
    view! {
        <section class="card flow-card" aria-labelledby="flow-heading" data-testid="idea-flow">
            <h2 class="section-title" id="flow-heading">{crate::tr!(i18n, plan.flow_heading)}</h2>
            // Where ideas for one's own department are not allowed, every idea crosses
            // and "12 of 12" says nothing: the table alone tells who helped whom.
            <p
                class="flow-headline"
                data-testid="flow-headline"
                hidden=move || live.with(|s| !s.settings.allow_own_department_ideas)
            >
                {headline}
            </p>
            <div class="flow-scroll">
                <table class="flow-matrix">
                    <caption>{crate::tr!(i18n, plan.flow_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="flow-corner">{crate::tr!(i18n, plan.flow_from)}</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <h3 class="flow-subheading">{crate::tr!(i18n, plan.flow_participation)}</h3>
            <ul class="participation" data-testid="participation">
                {keyed(move || departments.get(), |id| view! { <Participation id /> })}
            </ul>
        </section>
    }
}

/// One department's cards: a bar (the share of the busiest department) and the
/// numbers it stands for.
#[component]
fn Participation(id: DepartmentId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let cards = Memo::new(move |_| {
        live.with(|s| {
            let all = s.cards_by_department();
            let max = all.iter().map(|(_, p, i)| p + i).max().unwrap_or(0);
            let (problems, ideas) = all
                .iter()
                .find(|(d, _, _)| *d == id)
                .map_or((0, 0), |(_, p, i)| (*p, *i));
            (problems, ideas, max)
        })
    });
    let name = move || live.with(|s| s.department_name(id).to_owned());
    let numbers = move || {
        let (problems, ideas, _) = cards.get();
        format!(
            "{} · {}",
            t_string!(i18n, plan.problems, count = problems),
            t_string!(i18n, plan.ideas, count = ideas)
        )
    };
    let length = move || {
        let (problems, ideas, max) = cards.get();
        bar_length(problems + ideas, max, BAR_MAX).to_string()
    };
    view! {
        <li class="participation-row">
            <span class="participation-name" dir="auto">{name}</span>
            <svg class="participation-bar" viewBox="0 0 1000 24" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect x="0" y="0" width=length height="24" rx="4"></rect>
            </svg>
            <span class="muted small">{numbers}</span>
        </li>
    }
}
