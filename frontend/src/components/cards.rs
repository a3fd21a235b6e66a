//! Problem and idea cards, the same in every view. Each card reads its item from
//! the live state by id, so a list re-renders only the cards that changed.

use crate::components::card_search::{searches_problems, CardSearch};
use crate::components::discussion::Discussion;
use crate::components::erased::show;
use crate::components::merge::MergedFrom;
use crate::i18n::*;
use crate::lang::I18n;
use crate::live::{use_live, Live};
use leptos::prelude::*;
use summit_shared::{Card, IdeaId, ProblemId};

/// "by Alice", when the author is known to this viewer (never in anonymous sessions,
/// except for one's own cards, which say "by you").
pub(crate) fn author_label(
    i18n: I18n,
    live: Live,
    author: Option<summit_shared::ParticipantId>,
) -> Option<String> {
    let author = author?;
    let me = live.viewer.get().and_then(|v| v.participant());
    if me == Some(author) {
        return Some(t_string!(i18n, board.by_you).to_owned());
    }
    live.with(|s| {
        s.participants
            .get(&author)
            .map(|p| t_string!(i18n, board.by_name, name = &p.name).to_string())
    })
}

#[component]
pub fn ProblemCard(
    id: ProblemId,
    /// Buttons and counters under the text.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let text = move || live.with(|s| s.problem_text(id).to_owned());
    let department = move || live.with(|s| s.problem_department_name(id).to_owned());
    let author = move || {
        let author = live.with(|s| s.problems.get(&id).and_then(|p| p.author));
        author_label(i18n, live, author)
    };
    let picked = move || live.with(|s| s.problems.get(&id).is_some_and(|p| p.picked));
    let search = use_context::<CardSearch>();
    let hidden = move || {
        search.is_some_and(|q| {
            q.active() && live.with(|s| searches_problems(s.phase)) && !q.shows(&text())
        })
    };
    view! {
        <article
            class="card problem-card"
            class:picked=picked
            hidden=hidden
            data-testid="problem-card"
            data-problem-id=id.0.to_string()
        >
            <div class="card-meta">
                <span class="tag tag-dept" dir="auto">{department}</span>
                {show(
                    picked,
                    move || view! {
                        <span class="tag tag-picked">{crate::tr!(i18n, board.picked)}</span>
                    },
                    || (),
                )}
                <span class="author" dir="auto">{author}</span>
            </div>
            <p class="card-text" dir="auto" id=format!("problem-text-{}", id.0)>{text}</p>
            <MergedFrom card=Card::Problem(id) />
            <Discussion card=Card::Problem(id) />
            {children.map(|c| view! { <div class="card-actions">{c()}</div> })}
        </article>
    }
}

#[component]
pub fn IdeaCard(id: IdeaId, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let text = move || live.with(|s| s.ideas.get(&id).map(|i| i.text.clone()).unwrap_or_default());
    let department = move || {
        live.with(|s| {
            s.ideas
                .get(&id)
                .map(|i| s.department_name(i.department).to_owned())
                .unwrap_or_default()
        })
    };
    let author = move || {
        let author = live.with(|s| s.ideas.get(&id).and_then(|i| i.author));
        author_label(i18n, live, author)
    };
    let search = use_context::<CardSearch>();
    let hidden = move || search.is_some_and(|q| q.active() && !q.shows(&text()));
    view! {
        <article class="card idea-card" data-testid="idea-card" data-idea-id=id.0.to_string() hidden=hidden>
            <p class="card-text" dir="auto">{text}</p>
            <div class="card-meta">
                <span class="from">
                    {t!(
                        i18n,
                        board.idea_from,
                        department = department,
                        <dept> = |children: ChildrenFn| view! {
                            <span class="tag tag-dept" dir="auto" data-testid="idea-department">
                                {children()}
                            </span>
                        }
                    )}
                </span>
                <span class="author" dir="auto">{author}</span>
            </div>
            <MergedFrom card=Card::Idea(id) />
            <Discussion card=Card::Idea(id) />
            {children.map(|c| view! { <div class="card-actions">{c()}</div> })}
        </article>
    }
}
