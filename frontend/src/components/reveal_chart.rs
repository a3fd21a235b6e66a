//! The reveal as a chart: one horizontal bar per idea of a picked problem, longest
//! first, drawn as SVG with integer geometry (no float formatting in the wasm), and
//! the same numbers as a table for screen readers. The bars grow once when the chart
//! appears, unless the reader asks for reduced motion (style.css).

use crate::i18n::*;
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::ProblemId;

/// The drawing's width in SVG units; bars take up to `BAR_MAX` of it, the tally
/// follows the bar.
const WIDTH: u32 = 1000;
const BAR_MAX: u32 = 880;
const ROW: u32 = 96;
const LABEL_CHARS: usize = 44;

/// One bar's length: its share of the longest bar, at least a sliver when it has votes.
pub fn bar_length(tally: u32, max: u32) -> u32 {
    if tally == 0 || max == 0 {
        return 0;
    }
    (tally.min(max) * BAR_MAX / max).max(6)
}

#[component]
pub fn RevealChart(problem: ProblemId) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let title = move || {
        live.with(|s| {
            s.problems
                .get(&problem)
                .map(|p| p.text.clone())
                .unwrap_or_default()
        })
    };
    // (idea text, tally), best first.
    let rows = Memo::new(move |_| {
        live.with(|s| {
            s.ranked_ideas(problem)
                .into_iter()
                .map(|(idea, tally)| (idea.text.clone(), tally.unwrap_or(0)))
                .collect::<Vec<_>>()
        })
    });
    let caption = move || t_string!(i18n, screen.chart_label, problem = title()).to_string();
    let height = move || (rows.with(Vec::len) as u32).max(1) * ROW;
    view! {
        <figure class="chart" data-testid=format!("chart-{}", problem.0)>
            <figcaption dir="auto">{title}</figcaption>
            {move || {
                let rows = rows.get();
                if rows.is_empty() {
                    return view! { <p class="screen-muted">{crate::tr!(i18n, plan.no_ideas)}</p> }
                        .into_any();
                }
                let max = rows.iter().map(|(_, t)| *t).max().unwrap_or(0);
                let bars = rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (text, tally))| {
                        let top = i as u32 * ROW;
                        let length = bar_length(tally, max);
                        let leading = i == 0 && tally > 0;
                        view! {
                            <g class="chart-row" data-tally=tally.to_string()>
                                <text class="chart-label" x="0" y=(top + 32).to_string()>
                                    {util::truncate(&text, LABEL_CHARS)}
                                </text>
                                <rect
                                    class="chart-bar"
                                    class:chart-bar-top=leading
                                    x="0"
                                    y=(top + 44).to_string()
                                    width=length.to_string()
                                    height="36"
                                    rx="6"
                                ></rect>
                                <text class="chart-tally" x=(length + 14).to_string() y=(top + 74).to_string()>
                                    {tally.to_string()}
                                </text>
                            </g>
                        }
                    })
                    .collect_view();
                view! {
                    <svg
                        class="chart-svg"
                        viewBox=format!("0 0 {WIDTH} {}", height())
                        preserveAspectRatio="xMinYMin meet"
                        aria-hidden="true"
                        focusable="false"
                    >
                        {bars}
                    </svg>
                }
                .into_any()
            }}
            // A table ignores a 1px width: the wrapper hides it (and keeps it from widening
            // the page).
            <div class="sr-only">
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{crate::tr!(i18n, screen.idea)}</th>
                        <th scope="col">{crate::tr!(i18n, screen.votes)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|(text, tally)| {
                                view! {
                                    <tr>
                                        <td dir="auto">{text}</td>
                                        <td>{tally.to_string()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_shares_of_the_longest_in_whole_units() {
        assert_eq!(bar_length(10, 10), BAR_MAX);
        assert_eq!(bar_length(5, 10), BAR_MAX / 2);
        assert_eq!(bar_length(1, 300), 6, "a vote is always visible");
        assert_eq!(bar_length(0, 10), 0);
        assert_eq!(bar_length(0, 0), 0);
        assert_eq!(bar_length(12, 10), BAR_MAX, "never past the longest");
    }
}
