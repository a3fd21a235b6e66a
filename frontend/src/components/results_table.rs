//! A picked problem's result on the summary: its ideas best first, each with its
//! whole text, the department it came from and its votes as a number and a bar.
//! Ideas with the same tally share a place, an idea without votes has none, and
//! every idea with the most votes is drawn as leading, so a tie never reads as a
//! win. It prints as it is shown.

use crate::i18n::*;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::ProblemId;

/// A bar's width in percent of the longest: at least a sliver when it has votes.
pub fn bar_percent(tally: u32, max: u32) -> u32 {
    if tally == 0 || max == 0 {
        return 0;
    }
    (tally.min(max) * 100 / max).max(2)
}

#[component]
pub fn ResultsTable(problem: ProblemId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let heading = move || {
        live.with(|s| {
            s.problems
                .get(&problem)
                .map(|p| (p.text.clone(), s.department_name(p.department).to_owned()))
                .unwrap_or_default()
        })
    };
    // ((place shown, leads), idea's words, its department, votes), best first.
    let rows = Memo::new(move |_| {
        live.with(|s| {
            s.placed_ideas(problem)
                .into_iter()
                .map(|p| {
                    (
                        (p.shown_place(), p.leads()),
                        p.idea.text.clone(),
                        s.department_name(p.idea.department).to_owned(),
                        p.tally.unwrap_or(0),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let body = move || {
        let rows = rows.get();
        let max = rows.iter().map(|r| r.3).max().unwrap_or(0);
        rows.into_iter()
            .map(|((place, lead), text, from, tally)| {
                let width = format!("{}%", bar_percent(tally, max));
                let place = place.map_or_else(|| "–".to_owned(), |p| p.to_string());
                view! {
                    <tr class:lead=lead data-tally=tally.to_string()>
                        <td class="result-place">{place}</td>
                        <td class="result-idea">
                            <span class="result-text" dir="auto">{text}</span>
                            // On a phone the department goes under the words.
                            <span class="result-from-inline" dir="auto">{from.clone()}</span>
                        </td>
                        <td class="result-from" dir="auto">{from}</td>
                        <td class="result-votes">
                            <span class="result-num">{tally.to_string()}</span>
                            <span class="result-track" aria-hidden="true">
                                <span class="result-bar" style:width=width></span>
                            </span>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card result-block" data-testid=format!("result-{}", problem.0)>
            <span class="tag" dir="auto">{move || heading().1}</span>
            <h3 dir="auto">{move || heading().0}</h3>
            {move || {
                if rows.with(|r| r.is_empty()) {
                    view! { <p class="muted">{crate::tr!(i18n, plan.no_ideas)}</p> }.into_any()
                } else {
                    view! {
                        <table class="results">
                            <thead>
                                <tr>
                                    <th scope="col" class="result-place">
                                        <span aria-hidden="true">"#"</span>
                                        <span class="sr-only">{crate::tr!(i18n, plan.col_place)}</span>
                                    </th>
                                    <th scope="col">{crate::tr!(i18n, screen.idea)}</th>
                                    <th scope="col" class="result-from">{crate::tr!(i18n, plan.col_from)}</th>
                                    <th scope="col" class="result-votes">{crate::tr!(i18n, screen.votes)}</th>
                                </tr>
                            </thead>
                            <tbody>{body}</tbody>
                        </table>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_whole_percent_of_the_longest() {
        assert_eq!(bar_percent(10, 10), 100);
        assert_eq!(bar_percent(5, 10), 50);
        assert_eq!(bar_percent(1, 300), 2, "a vote is always visible");
        assert_eq!(bar_percent(0, 10), 0);
        assert_eq!(bar_percent(0, 0), 0);
        assert_eq!(bar_percent(12, 10), 100, "never past the longest");
    }
}
