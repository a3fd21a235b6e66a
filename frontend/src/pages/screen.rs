//! `/s/:id/screen`: the projector, for the big screen at the front of the room.
//!
//! It runs with the session's screen key (`#key=…`, kept in the address so the page
//! survives a reload and can be bookmarked): the server shows it what the
//! facilitator sees and refuses every command, so nothing here is clickable and no
//! control is shown. Per phase it shows what the room needs to see from the back:
//! how to join, the cards arriving, the picked problems, voting progress (never a
//! tally), the reveal as bar charts, and the action items.

use crate::api;
use crate::components::carried_review::CarriedReview;
use crate::components::erased::{keyed, show, RawId};
use crate::components::idea_flow::IdeaFlowCard;
use crate::components::reveal_chart::RevealChart;
use crate::components::timer::{ticking, Timer};
use crate::components::top_ideas::top_ideas;
use crate::i18n::*;
use crate::lang::{self, I18n};
use crate::live::{use_live, Live};
use crate::pages::{NoAccess, SessionGate};
use crate::util;
use leptos::prelude::*;
use std::time::Duration;
use summit_shared::api::paths;
use summit_shared::{limits, ActionId, DepartmentId, Phase, SessionState};

/// How many cards the "just in" column shows.
const NEWEST: usize = 6;
/// How many names a department's column lists before "and N more".
const NAMES: usize = 18;

#[component]
pub fn ScreenPage() -> impl IntoView {
    let i18n = use_i18n();
    let (Some(id), Some(key)) = (util::session_id_param(), util::fragment_value("key")) else {
        return view! {
            <NoAccess
                title=t_string!(i18n, screen.needs_key_title)
                message=t_string!(i18n, screen.needs_key_message)
            />
        }
        .into_any();
    };
    let live = Live::start(id, key);
    provide_context(live);
    view! {
        <SessionGate>
            <Projector />
        </SessionGate>
    }
    .into_any()
}

#[component]
fn Projector() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let phase = Memo::new(move |_| live.phase());
    let title = util::name_tab(live, move || t_string!(i18n, screen.projector));
    view! {
        <div class="screen" data-testid="screen" data-phase=move || phase.get().label()>
            <header class="screen-head">
                <div class="screen-titles">
                    <p class="screen-phase" data-testid="screen-phase">
                        {move || lang::phase_name(i18n, phase.get())}
                    </p>
                    <h1 dir="auto">{move || title.get()}</h1>
                </div>
                <Timer />
                {show(
                    move || !matches!(phase.get(), Phase::Lobby | Phase::Closed),
                    || view! { <JoinCorner /> },
                    || (),
                )}
            </header>
            <div class="screen-body">
                {move || match phase.get() {
                    Phase::Lobby => lobby().into_any(),
                    Phase::Review => view! { <CarriedReview /> }.into_any(),
                    Phase::Problems => problems().into_any(),
                    Phase::Pick => picked().into_any(),
                    Phase::Ideas => ideas().into_any(),
                    Phase::Vote => voting().into_any(),
                    Phase::Plan => reveal().into_any(),
                    Phase::Closed => closed().into_any(),
                }}
            </div>
        </div>
    }
}

/// The join link for this session, as a person types it.
fn join_link(live: Live) -> String {
    format!(
        "{}{}",
        util::origin(),
        paths::page_join(&live.join_code.get())
    )
}

/// Late arrivals can still join: the code in a corner of every other phase.
#[component]
fn JoinCorner() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    view! {
        <div class="screen-corner" data-testid="screen-corner">
            <img
                class="screen-qr-small"
                src=move || api::on_server(&paths::join_qr(&live.join_code.get()))
                alt=move || t_string!(i18n, screen.qr_alt)
                width="96"
                height="96"
            />
            <div>
                <span class="muted">{crate::tr!(i18n, screen.code)}</span>
                <strong class="mono">{move || limits::display_join_code(&live.join_code.get())}</strong>
            </div>
        </div>
    }
}

fn lobby() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let joined = move || live.with(|s| lang::count(s.participants.len()));
    let departments = move || live.with(|s| s.departments.iter().map(|d| d.id).collect());
    view! {
        <div class="screen-lobby">
            <section class="screen-join" aria-labelledby="screen-join-heading">
                <h2 id="screen-join-heading">{crate::tr!(i18n, screen.join_at)}</h2>
                <p class="screen-url mono" data-testid="screen-join-url">{move || join_link(live)}</p>
                <p class="screen-code-label">{crate::tr!(i18n, screen.code)}</p>
                <p class="screen-code mono" data-testid="screen-code">{move || limits::display_join_code(&live.join_code.get())}</p>
                <figure class="screen-qr">
                    <img
                        data-testid="screen-qr"
                        src=move || api::on_server(&paths::join_qr(&live.join_code.get()))
                        alt=move || t_string!(i18n, screen.qr_alt)
                        width="360"
                        height="360"
                    />
                    <figcaption>{crate::tr!(i18n, screen.scan)}</figcaption>
                </figure>
            </section>
            <section class="screen-people" aria-live="off">
                <h2 data-testid="screen-joined">
                    {move || t_string!(i18n, screen.joined, count = joined()).to_string()}
                </h2>
                {show(
                    move || joined() == 0,
                    move || view! { <p class="screen-muted">{crate::tr!(i18n, screen.waiting)}</p> },
                    || (),
                )}
                <div class="screen-departments">
                    {keyed(departments, |id| view! { <LobbyDepartment id /> })}
                </div>
            </section>
        </div>
    }
}

#[component]
fn LobbyDepartment(id: DepartmentId) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let name = move || live.with(|s| s.department_name(id).to_owned());
    let names = move || {
        live.with(|s| {
            s.members(id)
                .take(NAMES)
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        })
    };
    let count = move || live.with(|s| lang::count(s.members(id).count()));
    let more = move || count().saturating_sub(NAMES as u32);
    let online = move || live.with(|s| s.readiness(Some(id)).online);
    view! {
        <div class="screen-dept" data-testid=format!("screen-dept-{}", id.0)>
            <h3 dir="auto">{name}</h3>
            <p class="screen-big-num">{count}</p>
            <p class="screen-online" class:nobody=move || online() == 0 data-testid=format!("screen-online-{}", id.0)>
                <span class="presence-dot" aria-hidden="true"></span>
                {move || t_string!(i18n, board.online_count, count = online()).to_string()}
            </p>
            <ul class="screen-names">
                {move || {
                    names()
                        .into_iter()
                        .map(|n| view! { <li dir="auto">{n}</li> })
                        .collect_view()
                }}
                {move || {
                    (more() > 0)
                        .then(|| {
                            view! {
                                <li class="screen-muted">
                                    {t_string!(i18n, screen.more_names, count = more()).to_string()}
                                </li>
                            }
                        })
                }}
            </ul>
        </div>
    }
}

/// One number per department, as big as the screen allows.
fn counts(
    count: fn(&SessionState, DepartmentId) -> usize,
    noun: fn(I18n, u32) -> String,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let departments = move || live.with(|s| s.departments.iter().map(|d| d.id).collect());
    view! {
        // Shown, not only read out: "6 ideas · Marketing" alone does not say whether
        // Marketing wrote them or received them.
        <section class="screen-counts" aria-labelledby="screen-counts-heading">
            <h2 id="screen-counts-heading">{crate::tr!(i18n, screen.from_each)}</h2>
            {keyed(departments, move |id| {
                let n = move || live.with(|s| lang::count(count(s, id)));
                view! {
                    <div class="screen-count" data-testid=format!("screen-count-{}", id.0)>
                        <span class="screen-big-num">{n}</span>
                        <span class="screen-noun">{move || noun(i18n, n())}</span>
                        <span class="screen-count-dept" dir="auto">
                            {move || live.with(|s| s.department_name(id).to_owned())}
                        </span>
                    </div>
                }
            })}
        </section>
    }
}

fn problems() -> impl IntoView {
    let live = use_live();
    arrivals(
        counts(
            |s, d| s.problems_of(d).count(),
            |i18n, n| t_string!(i18n, screen.problems_count, count = n).to_string(),
        )
        .into_any(),
        move || live.with(|s| s.newest_problems(NEWEST)),
        |s, id| {
            let p = s.problems.get(&id)?;
            Some((
                p.text.clone(),
                None,
                s.department_name(p.department).to_owned(),
            ))
        },
    )
}

fn picked() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let picked = move || live.with(|s| s.picked_by_department());
    let choosing = move || live.with(|s| s.still_choosing());
    view! {
        <section class="screen-picked" aria-labelledby="screen-picked-heading">
            <h2 id="screen-picked-heading">{crate::tr!(i18n, screen.picked_heading)}</h2>
            {show(
                move || picked().is_empty(),
                move || view! { <p class="screen-muted">{crate::tr!(i18n, screen.picking)}</p> },
                || (),
            )}
            // While a department chooses, the room watches its problems gather
            // support: the most supported first, with their supporters counted.
            {show(
                move || !choosing().is_empty(),
                move || view! {
                    <section class="screen-candidates" aria-labelledby="screen-candidates-heading" data-testid="screen-candidates">
                        <h3 id="screen-candidates-heading">{crate::tr!(i18n, screen.most_supported)}</h3>
                        <div class="screen-departments">{keyed(choosing, candidates)}</div>
                    </section>
                },
                || (),
            )}
            <ul class="screen-cards screen-cards-wide" data-testid="screen-picked">
                {keyed(picked, move |id| {
                    let card = move || {
                        live.with(|s| {
                            s.problems
                                .get(&id)
                                .map(|p| (p.text.clone(), s.department_name(p.department).to_owned()))
                                .unwrap_or_default()
                        })
                    };
                    view! {
                        <li class="screen-card">
                            <span class="tag tag-dept" dir="auto">{move || card().1}</span>
                            <p dir="auto">{move || card().0}</p>
                        </li>
                    }
                })}
            </ul>
        </section>
    }
}

/// How many of a choosing department's problems the projector shows.
const CANDIDATES: usize = 3;

/// A department's most supported problems so far, while it chooses.
fn candidates(id: DepartmentId) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let top = move || {
        live.with(|s| {
            let mut top = s.problems_by_support(id);
            top.truncate(CANDIDATES);
            top
        })
    };
    view! {
        <div class="screen-dept" data-testid=format!("screen-candidates-{}", id.0)>
            <h4 dir="auto">{move || live.with(|s| s.department_name(id).to_owned())}</h4>
            <ol class="screen-candidate-list">
                {keyed(top, move |problem| {
                    let support = move || {
                        live.with(|s| s.problems.get(&problem).map_or(0, |p| p.support_count()))
                    };
                    view! {
                        <li class="screen-candidate" data-support=move || support().to_string()>
                            <span dir="auto">{move || live.with(|s| util::truncate(s.problem_text(problem), 90))}</span>
                            <span class="screen-support">
                                {move || t_string!(i18n, board.supporters, count = support()).to_string()}
                            </span>
                        </li>
                    }
                })}
            </ol>
        </div>
    }
}

fn ideas() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    arrivals(
        counts(
            |s, d| s.ideas_from(d).count(),
            |i18n, n| t_string!(i18n, screen.ideas_count, count = n).to_string(),
        )
        .into_any(),
        move || live.with(|s| s.newest_ideas(NEWEST)),
        move |s, id| {
            let i = s.ideas.get(&id)?;
            let problem = s
                .problems
                .get(&i.problem)
                .map(|p| util::truncate(&p.text, 60))
                .unwrap_or_default();
            let about = t_string!(i18n, screen.for_problem, problem = problem).to_string();
            Some((
                i.text.clone(),
                Some(about),
                s.department_name(i.department).to_owned(),
            ))
        },
    )
}

/// What a card on the projector shows: its text, what it is about (an idea's
/// problem), and the department it came from.
type CardText = (String, Option<String>, String);

/// Problems and Ideas: one number per department beside the newest cards, arriving live.
fn arrivals<I: RawId>(
    counts: AnyView,
    newest: impl Fn() -> Vec<I> + Copy + Send + Sync + 'static,
    card: impl Fn(&SessionState, I) -> Option<CardText> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    view! {
        <div class="screen-split">
            {counts}
            <section class="screen-newest" aria-labelledby="screen-newest-heading">
                <h2 id="screen-newest-heading">{crate::tr!(i18n, screen.newest)}</h2>
                {show(
                    move || newest().is_empty(),
                    move || view! { <p class="screen-muted">{crate::tr!(i18n, screen.nothing_yet)}</p> },
                    || (),
                )}
                <ul class="screen-cards" data-testid="screen-newest">
                    {keyed(newest, move |id| {
                        let shown = move || live.with(|s| card(s, id)).unwrap_or_default();
                        view! {
                            <li class="screen-card">
                                <p dir="auto">{move || shown().0}</p>
                                {move || {
                                    shown()
                                        .1
                                        .map(|about| view! { <p class="screen-muted small" dir="auto">{about}</p> })
                                }}
                                // An idea's department is where it came from, not the
                                // problem's: said so, as on the cards.
                                <span class="tag tag-dept" dir="auto">
                                    {move || {
                                        let (_, about, department) = shown();
                                        if about.is_some() {
                                            t_string!(i18n, screen.idea_from, department = department).to_string()
                                        } else {
                                            department
                                        }
                                    }}
                                </span>
                            </li>
                        }
                    })}
                </ul>
            </section>
        </div>
    }
}

fn voting() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let cast = move || live.with(|s| s.total_votes());
    let available = move || live.with(|s| s.dots_available());
    // Integer geometry: a percentage of the bar's width, rounded down.
    let percent = move || {
        let available = available();
        (cast().min(available) * 100)
            .checked_div(available)
            .unwrap_or(0)
    };
    view! {
        <section class="screen-vote" aria-labelledby="screen-vote-heading">
            <h2 id="screen-vote-heading">{crate::tr!(i18n, screen.voting)}</h2>
            <p class="screen-progress-text" data-testid="screen-dots">
                <span class="screen-big-num">{cast}</span>
                " "
                {move || t_string!(i18n, screen.dots_cast, count = available()).to_string()}
            </p>
            <div
                class="screen-progress"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax=move || available().to_string()
                aria-valuenow=move || cast().to_string()
                aria-labelledby="screen-vote-heading"
            >
                <div class="screen-progress-fill" style:width=move || format!("{}%", percent())></div>
            </div>
            // In an anonymous session the server counts who has voted in the whole
            // room (never who), once it has said so.
            <p class="screen-voters" data-testid="screen-voters">
                {move || {
                    live.with(|s| {
                        if s.names_hidden() {
                            s.room_progress().map(|r| {
                                t_string!(i18n, screen.voted_of_all, voted = r.acted, joined = r.joined).to_string()
                            })
                        } else {
                            // Nobody online (a room that has gone home): nothing to count.
                            let r = s.readiness(None);
                            (r.online > 0).then(|| {
                                t_string!(i18n, screen.voted_of, voted = r.acted, online = r.online).to_string()
                            })
                        }
                    })
                }}
            </p>
            <p class="screen-muted">{crate::tr!(i18n, screen.results_hidden)}</p>
        </section>
    }
}

/// The picked problems' charts side by side on one page of the results: as many
/// as fit a projector's height.
const PAGE: usize = 2;
/// The picked problems on one page of the overview (their top ideas), which comes
/// first once the charts take more than one page.
const OVERVIEW_PAGE: usize = 4;
/// The action items agreed so far on one page, which comes after the charts: the
/// room sees what it has decided take shape.
const ACTIONS_PAGE: usize = 6;
/// How long each page stays before the next (a projector is never scrolled).
const PAGE_MS: i64 = 12_000;

/// The picked problems' results, a page at a time, turning by themselves (their top
/// ideas, their charts, then the action items agreed so far), or the one the
/// facilitator put in the spotlight, alone across the screen.
fn reveal() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let spotlit = Memo::new(move |_| live.with(|s| s.spotlit()));
    let picked = Memo::new(move |_| live.with(|s| s.picked_by_department()));
    // The overview's pages, then the charts' pages.
    let overview_pages = move || {
        picked.with(|p| {
            if p.len() > PAGE {
                p.len().div_ceil(OVERVIEW_PAGE)
            } else {
                0
            }
        })
    };
    let chart_pages = move || picked.with(|p| p.len().div_ceil(PAGE));
    let agreed = Memo::new(move |_| live.with(|s| s.agreed_with_first(None)));
    let action_pages = move || agreed.with(|a| a.len().div_ceil(ACTIONS_PAGE));
    let pages = move || (overview_pages() + chart_pages() + action_pages()).max(1);
    let now = ticking(Duration::from_secs(1));
    // The page shown by hand last, and when: the pages turn on from there unless held.
    let turned = RwSignal::new((now.get_untracked(), 0usize));
    let held = RwSignal::new(false);
    let page = Memo::new(move |_| {
        let (since, at) = turned.get();
        let ticks = if held.get() {
            0
        } else {
            usize::try_from((now.get() - since) / PAGE_MS).unwrap_or(0)
        };
        (at + ticks) % pages()
    });
    // The room's pace rather than the clock's: whoever stands at the projector's
    // laptop turns the pages with the arrows (a presenter's clicker sends Page Up and
    // Page Down) and holds one still with Space while the room talks it over. Not in
    // another site's page, whose own keys these are.
    if !crate::embed::hosted() && !crate::embed::framed() {
        let keys = window_event_listener(leptos::ev::keydown, move |e| {
            if spotlit.get_untracked().is_some() || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let n = pages();
            let at = page.get_untracked();
            let now = crate::live::now_ms();
            match e.key().as_str() {
                "ArrowRight" | "PageDown" => turned.set((now, (at + 1) % n)),
                "ArrowLeft" | "PageUp" => turned.set((now, (at + n - 1) % n)),
                " " | "p" | "P" => {
                    turned.set((now, at));
                    held.update(|h| *h = !*h);
                }
                _ => return,
            }
            e.prevent_default();
        });
        on_cleanup(move || keys.remove());
    }
    let on_overview = move || spotlit.get().is_none() && page.get() < overview_pages();
    // Pages after the overview's and the charts' are the action items'.
    let actions_at = move || {
        page.get()
            .checked_sub(overview_pages() + chart_pages())
            .filter(|_| spotlit.get().is_none())
    };
    let page_of = move |skip: usize, take: usize| {
        picked.with(|p| p.iter().copied().skip(skip).take(take).collect())
    };
    let shown = move || match spotlit.get() {
        Some(id) => vec![id],
        None if on_overview() || actions_at().is_some() => Vec::new(),
        None => page_of(page.get().saturating_sub(overview_pages()) * PAGE, PAGE),
    };
    let actions = move || {
        actions_at().map_or_else(Vec::new, |at| {
            agreed.with(|a| {
                a.iter()
                    .copied()
                    .skip(at * ACTIONS_PAGE)
                    .take(ACTIONS_PAGE)
                    .collect()
            })
        })
    };
    let overview = move || {
        if on_overview() {
            page_of(page.get() * OVERVIEW_PAGE, OVERVIEW_PAGE)
        } else {
            Vec::new()
        }
    };
    view! {
        <section class="screen-reveal" aria-labelledby="screen-reveal-heading">
            <h2 id="screen-reveal-heading">{crate::tr!(i18n, screen.results)}</h2>
            {show(on_overview, move || top_ideas(overview), || ())}
            <div class="screen-charts" class:spotlit=move || spotlit.get().is_some() data-testid="screen-charts">
                {keyed(shown, |problem| view! { <RevealChart problem /> })}
            </div>
            {show(
                move || actions_at().is_some(),
                move || view! {
                    <section class="screen-plan-actions" aria-labelledby="screen-plan-actions-heading" data-testid="screen-plan-actions">
                        <h3 id="screen-plan-actions-heading">{crate::tr!(i18n, screen.agreed_so_far)}</h3>
                        {action_list(actions)}
                    </section>
                },
                || (),
            )}
            <p class="screen-muted screen-page" data-testid="screen-page" hidden=move || spotlit.get().is_some() || pages() < 2>
                {move || t_string!(i18n, screen.page, page = page.get() + 1, pages = pages()).to_string()}
                // The presenter's hold as a pause sign: the room is not told in words
                // that something is paused (the timer, the session) when only the
                // turning of pages is.
                {show(
                    move || held.get(),
                    move || view! {
                        <span class="page-held" data-testid="screen-page-held">
                            <span class="sr-only">" · "{crate::tr!(i18n, board.timer_paused)}</span>
                        </span>
                    },
                    || (),
                )}
            </p>
        </section>
    }
}

fn closed() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let actions = move || live.with(|s| s.agreed_with_first(None));
    view! {
        <section class="screen-closed" aria-labelledby="screen-closed-heading">
            <h2 id="screen-closed-heading">{crate::tr!(i18n, screen.thanks)}</h2>
            {show(
                move || actions().is_empty(),
                move || view! { <p class="screen-muted">{crate::tr!(i18n, screen.no_actions)}</p> },
                || (),
            )}
            // The action items leaving the room, beside how the departments helped
            // each other.
            <div class="screen-closed-grid">
            {action_list(actions)}
            <IdeaFlowCard />
            </div>
        </section>
    }
}

/// Agreed action items, each with its owner, department and due date.
fn action_list(actions: impl Fn() -> Vec<ActionId> + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    view! {
            <ol class="screen-actions" data-testid="screen-actions">
                {keyed(actions, move |id| {
                    let item = move || live.with(|s| s.actions.get(&id).cloned());
                    let line = move || {
                        live.with(|s| {
                            s.actions.get(&id).map(|a| {
                                t_string!(
                                    i18n,
                                    screen.owner_due,
                                    owner = a.owner.clone(),
                                    department = s.department_name(a.department).to_owned(),
                                    due = lang::date(i18n, a.due)
                                )
                                .to_string()
                            })
                        })
                    };
                    view! {
                        <li class="screen-action">
                            <strong dir="auto">{move || item().map(|a| a.title).unwrap_or_default()}</strong>
                            <span class="screen-muted" dir="auto">{line}</span>
                        </li>
                    }
                })}
            </ol>
    }
}
