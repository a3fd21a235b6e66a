//! The facilitator's hidden cards: what "Hide" took out of everyone else's view,
//! each brought back with one "Restore". Nothing a facilitator hides is lost.

use crate::components::erased::{keyed, show};
use crate::i18n::*;
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::{Command, CommentId, IdeaId, ProblemId};

/// The hidden problems and ideas, with "Restore" on each; absent while there are none.
#[component]
pub fn HiddenCards() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let problems = Memo::new(move |_| {
        live.with(|s| {
            s.hidden_problems()
                .map(|p| p.id)
                .collect::<Vec<ProblemId>>()
        })
    });
    let ideas =
        Memo::new(move |_| live.with(|s| s.hidden_ideas().map(|i| i.id).collect::<Vec<IdeaId>>()));
    let comments = Memo::new(move |_| {
        live.with(|s| {
            s.hidden_comments()
                .map(|c| c.id)
                .collect::<Vec<CommentId>>()
        })
    });
    let count = move || problems.with(Vec::len) + ideas.with(Vec::len) + comments.with(Vec::len);
    let row = move |kind: &'static str,
                    text: String,
                    on: Option<String>,
                    testid: String,
                    shown: Signal<bool>,
                    command: Command| {
        view! {
            <li class="hidden-card">
                <span class="tag">{kind}</span>
                " "
                <span class="hidden-text" dir="auto">
                    {text}
                    // A comment alone does not say what it answered.
                    {on.map(|card| view! {
                        <span class="hidden-on muted small">
                            {t_string!(i18n, console.hidden_on, card = card).to_string()}
                        </span>
                    })}
                </span>
                " "
                <button
                    class="btn btn-small"
                    data-testid=testid
                    hidden=move || !shown.get()
                    on:click=move |_| live.send(command.clone())
                >
                    {crate::tr!(i18n, console.restore)}
                </button>
            </li>
        }
    };
    view! {
        {show(
            move || count() > 0,
            move || view! {
                <section class="card hidden-cards" aria-labelledby="hidden-heading" data-testid="hidden-cards">
                    <h2 id="hidden-heading">
                        {crate::tr!(i18n, console.hidden_heading)}
                        " "
                        <span class="group-count">{count}</span>
                    </h2>
                    <p class="muted small">{crate::tr!(i18n, console.hidden_hint)}</p>
                    <ul>
                        {keyed(
                            move || problems.get(),
                            move |id: ProblemId| {
                                let text = live.with(|s| s.problem_text(id).to_owned());
                                row(
                                    t_string!(i18n, console.hidden_problem),
                                    text,
                                    None,
                                    format!("restore-problem-{}", id.0),
                                    Signal::derive(move || live.may(|s, actor| s.may_hide_problem(actor, id, false).is_ok())),
                                    Command::HideProblem { problem: id, hidden: false },
                                )
                            },
                        )}
                        {keyed(
                            move || ideas.get(),
                            move |id: IdeaId| {
                                let text = live.with(|s| s.ideas.get(&id).map(|i| i.text.clone()).unwrap_or_default());
                                row(
                                    t_string!(i18n, console.hidden_idea),
                                    text,
                                    None,
                                    format!("restore-idea-{}", id.0),
                                    Signal::derive(move || live.may(|s, actor| s.may_hide_idea(actor, id).is_ok())),
                                    Command::HideIdea { idea: id, hidden: false },
                                )
                            },
                        )}
                        {keyed(
                            move || comments.get(),
                            move |id: CommentId| {
                                let (text, on) = live.with(|s| {
                                    let comment = s.comments.get(&id);
                                    let on = comment.and_then(|c| s.card_text(c.card)).map(|t| util::truncate(t, 80));
                                    (comment.map(|c| c.text.clone()).unwrap_or_default(), on)
                                });
                                row(
                                    t_string!(i18n, console.hidden_comment),
                                    text,
                                    on,
                                    format!("restore-comment-{}", id.0),
                                    Signal::derive(move || live.may(|s, actor| s.may_hide_comment(actor, id).is_ok())),
                                    Command::HideComment { comment: id, hidden: false },
                                )
                            },
                        )}
                    </ul>
                </section>
            },
            || (),
        )}
    }
}
