//! The reveal on the projector: one horizontal bar per idea of a picked problem, longest
//! first, drawn as SVG with integer geometry (no float formatting in the wasm), and
//! the same numbers as a table for screen readers. The bars grow once when the chart
//! appears, unless the reader asks for reduced motion (style.css).

use crate::i18n::*;
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::ProblemId;

/// The drawing's width in SVG units; bars take up to `BAR_MAX` of it, the tallies
/// stand in a column after that.
const WIDTH: u32 = 1000;
pub const BAR_MAX: u32 = 880;
/// The same in the spotlight, where one chart has the screen's width: a label then
/// fits one line, so more ideas fit the screen's height at a readable size.
const WIDE: u32 = 1800;
const WIDE_BAR_MAX: u32 = 1560;
const WIDE_LABEL_CHARS: usize = 100;
/// The ideas a chart draws at most, best first (the rest are counted): as many as
/// fit the projector's height at a size read from the back of the room, two charts
/// side by side or one in the spotlight, whose labels take one line.
const MOST: usize = 4;
const SPOTLIGHT_MOST: usize = 6;
const ROW: u32 = 96;
/// A label's lines: at most two of about as many characters as fit the width.
const LABEL_CHARS: usize = 56;
const LINE: u32 = 40;

/// One bar's length: its share of the longest bar, at least a sliver when it has votes.
pub fn bar_length(tally: u32, max: u32, bar_max: u32) -> u32 {
    if tally == 0 || max == 0 {
        return 0;
    }
    (tally.min(max) * bar_max / max).max(6)
}

/// An idea's words as a label of one or two lines of at most `per_line` characters,
/// broken at a space where there is one; the second line ends in an ellipsis when
/// the words go on (the table beside the chart has them whole).
pub fn label_lines(text: &str, per_line: usize) -> Vec<String> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= per_line {
        return vec![flat];
    }
    let head: String = flat.chars().take(per_line + 1).collect();
    let (first, rest) = match head.rfind(' ') {
        Some(at) if at > 0 => (flat[..at].to_owned(), &flat[at + 1..]),
        _ => {
            let first: String = flat.chars().take(per_line).collect();
            let at = first.len();
            (first, &flat[at..])
        }
    };
    vec![first, util::truncate(rest, per_line)]
}

/// Each label on up to two lines, broken at a word: the room reads it from afar.
#[component]
pub fn RevealChart(problem: ProblemId) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let title = move || live.with(|s| s.problem_text(problem).to_owned());
    // Whose problem it is: the room reads the department before the words.
    let department = move || live.with(|s| s.problem_department_name(problem).to_owned());
    // Drawn for the whole width of the screen: the spotlight.
    let wide = move || live.with(|s| s.spotlit().is_some());
    // (idea text, tally, leads), best first, and how many more were left out.
    let ranked = Memo::new(move |_| {
        live.with(|s| {
            let most = if s.spotlit().is_some() {
                SPOTLIGHT_MOST
            } else {
                MOST
            };
            let placed = s.placed_ideas(problem);
            let more = placed.len().saturating_sub(most);
            let rows = placed
                .into_iter()
                .take(most)
                .map(|p| (p.idea.text.clone(), p.tally.unwrap_or(0), p.leads()))
                .collect::<Vec<_>>();
            (rows, more)
        })
    });
    let rows = Memo::new(move |_| ranked.with(|(rows, _)| rows.clone()));
    let more = move || ranked.with(|(_, more)| *more);
    // A tie for the most votes is said in words, not left to bars of equal length
    // (a chart draws at least two ideas, so its rows hold every tie that counts).
    let tied = move || rows.with(|rows| rows.iter().filter(|(_, _, leads)| *leads).count() > 1);
    let caption = move || t_string!(i18n, screen.chart_label, problem = title()).to_string();
    view! {
        <figure class="chart" data-testid=format!("chart-{}", problem.0)>
            <figcaption>
                <span class="chart-dept" dir="auto" data-testid="chart-department">{department}</span>
                <span class="chart-tie" data-testid="chart-tie" hidden=move || !tied()>
                    {crate::tr!(i18n, screen.tie)}
                </span>
                <span dir="auto">{title}</span>
            </figcaption>
            {move || {
                let rows = rows.get();
                if rows.is_empty() {
                    return view! { <p class="screen-muted">{crate::tr!(i18n, plan.no_ideas)}</p> }
                        .into_any();
                }
                let max = rows.iter().map(|(_, t, _)| *t).max().unwrap_or(0);
                let (width, bar_max, chars) = if wide() {
                    (WIDE, WIDE_BAR_MAX, WIDE_LABEL_CHARS)
                } else {
                    (WIDTH, BAR_MAX, LABEL_CHARS)
                };
                let mut height = 0;
                let bars = rows
                    .into_iter()
                    .map(|(text, tally, leading)| {
                        let top = height;
                        // A leading idea's label is bold, and bold is wider: fewer
                        // characters to a line, so it stays within the card.
                        let per_line = if leading { chars * 17 / 20 } else { chars };
                        let lines = label_lines(&text, per_line);
                        let below = (lines.len() as u32 - 1) * LINE;
                        height += ROW + below;
                        let length = bar_length(tally, max, bar_max);
                        let labels = lines
                            .into_iter()
                            .zip(0..)
                            .map(|(line, n)| {
                                view! {
                                    <text class="chart-label" x="0" y=(top + 32 + n * LINE).to_string()>
                                        {line}
                                    </text>
                                }
                            })
                            .collect_view();
                        view! {
                            <g class="chart-row" data-tally=tally.to_string()>
                                {labels}
                                // The whole scale behind each bar, so an idea without
                                // votes still has its row (and the tally its place).
                                <rect
                                    class="chart-track"
                                    x="0"
                                    y=(top + 44 + below).to_string()
                                    width=bar_max.to_string()
                                    height="36"
                                    rx="6"
                                ></rect>
                                <rect
                                    class="chart-bar"
                                    class:chart-bar-top=leading
                                    x="0"
                                    y=(top + 44 + below).to_string()
                                    width=length.to_string()
                                    height="36"
                                    rx="6"
                                ></rect>
                                // In one column after the scale, the same place for a
                                // zero as for the most.
                                <text class="chart-tally" x=(bar_max + 14).to_string() y=(top + 74 + below).to_string()>
                                    {tally.to_string()}
                                </text>
                            </g>
                        }
                    })
                    .collect_view();
                view! {
                    <svg
                        class="chart-svg"
                        viewBox=format!("0 0 {width} {height}")
                        preserveAspectRatio="xMinYMin meet"
                        aria-hidden="true"
                        focusable="false"
                    >
                        {bars}
                    </svg>
                }
                .into_any()
            }}
            <p class="screen-muted chart-more" hidden=move || more() == 0>
                {move || t_string!(i18n, screen.more_ideas, count = crate::lang::count(more())).to_string()}
            </p>
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
                            .map(|(text, tally, _)| {
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
        assert_eq!(bar_length(10, 10, BAR_MAX), BAR_MAX);
        assert_eq!(bar_length(5, 10, BAR_MAX), BAR_MAX / 2);
        assert_eq!(bar_length(1, 300, BAR_MAX), 6, "a vote is always visible");
        assert_eq!(bar_length(0, 10, BAR_MAX), 0);
        assert_eq!(bar_length(0, 0, BAR_MAX), 0);
        assert_eq!(
            bar_length(12, 10, BAR_MAX),
            BAR_MAX,
            "never past the longest"
        );
    }

    #[test]
    fn labels_take_two_lines_broken_at_a_space() {
        assert_eq!(label_lines("  A short  idea ", 20), ["A short idea"]);
        assert_eq!(
            label_lines("A shared promotions calendar both teams edit", 20),
            ["A shared promotions", "calendar both teams…"]
        );
        assert_eq!(
            label_lines("A shared promotions calendar", 20),
            ["A shared promotions", "calendar"]
        );
        assert_eq!(
            label_lines("Überlängenwortzusammensetzung und mehr", 10),
            ["Überlängen", "wortzusam…"],
            "a word longer than a line is cut"
        );
    }
}
