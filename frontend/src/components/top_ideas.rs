//! The projector's overview of the reveal: one line per picked problem with the
//! idea that won the most votes (every one of them, marked as a tie, when several
//! did). With more picked problems than one page of charts shows, the room sees the
//! whole outcome here before the charts turn, and plans its action items from it.

use crate::components::erased::keyed;
use crate::i18n::*;
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::ProblemId;

/// How many characters of a problem's and an idea's words a line shows: the
/// projector's type is read from the back of the room, so one line each.
const PROBLEM_CHARS: usize = 90;
const IDEA_CHARS: usize = 80;
/// Tied ideas named on one line at most; the others are counted.
const TIED_SHOWN: usize = 2;

/// The table of `problems` (a page of them, in the order the charts follow).
pub fn top_ideas(problems: impl Fn() -> Vec<ProblemId> + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="top-ideas" data-testid="top-ideas">
            <caption>{crate::tr!(i18n, screen.overview)}</caption>
            <thead>
                <tr>
                    <th scope="col">{crate::tr!(i18n, screen.problem)}</th>
                    <th scope="col">{crate::tr!(i18n, screen.most_votes)}</th>
                    <th scope="col" class="top-votes">{crate::tr!(i18n, screen.votes)}</th>
                </tr>
            </thead>
            <tbody>{keyed(problems, top_idea)}</tbody>
        </table>
    }
}

fn top_idea(id: ProblemId) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let problem = move || live.with(|s| util::truncate(s.problem_text(id), PROBLEM_CHARS));
    let department = move || live.with(|s| s.problem_department_name(id).to_owned());
    // The leading ideas' words (the first few) and their tally, and how many tie.
    let leaders = Memo::new(move |_| {
        live.with(|s| {
            let leaders = s.leaders(id);
            let tally = leaders.first().and_then(|p| p.tally).unwrap_or(0);
            let words = leaders
                .iter()
                .take(TIED_SHOWN)
                .map(|p| util::truncate(&p.idea.text, IDEA_CHARS))
                .collect::<Vec<_>>();
            (words, tally, leaders.len())
        })
    });
    let tied = move || leaders.with(|(_, _, n)| *n > 1);
    let more = move || leaders.with(|(_, _, n)| n.saturating_sub(TIED_SHOWN));
    view! {
        <tr data-testid=format!("top-idea-{}", id.0)>
            <th scope="row">
                <span class="top-problem">
                    <span class="chart-dept" dir="auto">{department}</span>
                    <span dir="auto">{problem}</span>
                </span>
            </th>
            <td class="top-leaders">
                {move || {
                    let (words, ..) = leaders.get();
                    if words.is_empty() {
                        return view! { <span class="screen-muted">{crate::tr!(i18n, screen.no_votes)}</span> }
                            .into_any();
                    }
                    words
                        .into_iter()
                        .map(|w| view! { <span class="top-leader" dir="auto">{w}</span> })
                        .collect_view()
                        .into_any()
                }}
                <span class="top-tie" hidden=move || !tied()>
                    <span class="chart-tie" data-testid="top-tie">{crate::tr!(i18n, screen.tie)}</span>
                    <span class="top-more screen-muted" hidden=move || more() == 0>
                        {move || t_string!(i18n, screen.more_tied, count = crate::lang::count(more())).to_string()}
                    </span>
                </span>
            </td>
            <td class="top-votes">{move || leaders.with(|(_, tally, _)| *tally).to_string()}</td>
        </tr>
    }
}
