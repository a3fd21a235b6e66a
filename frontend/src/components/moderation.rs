//! The facilitator's menu on each card: Hide (restorable from the hidden cards)
//! and "Merge into…". The console provides it as context ([`provide`]); the shared
//! boards ask for it, so the participant's download carries none of it.

use crate::components::action_form::ActionFormModel;
use crate::components::erased::show;
use crate::components::merge::{card_chooser, card_key, ChooserWords};
use crate::i18n::*;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::{ActionId, Card, Command, CommentId, ProblemId};

/// The console's card menu, for the boards to put on each card.
#[derive(Clone, Copy)]
pub struct Moderation {
    pub menu: fn(Card) -> AnyView,
    /// "Hide" on a comment.
    pub comment: fn(CommentId) -> AnyView,
    /// "Approve…" and "Decline" on a proposed action item.
    pub review: fn(ActionId, ActionFormModel) -> AnyView,
    /// Continue, done or drop on an item carried over from an earlier summit.
    pub verdict: fn(ActionId) -> AnyView,
    /// "Show on the projector" on a picked problem in Plan.
    pub spotlight: fn(ProblemId) -> AnyView,
}

/// Makes the facilitator's card menu available to the boards below.
pub fn provide() {
    provide_context(Moderation {
        menu,
        comment: hide_comment,
        review: crate::components::review::review,
        verdict: crate::components::carried_review::decision,
        spotlight: crate::components::spotlight::spotlight,
    });
}

fn hide_comment(id: CommentId) -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    view! {
        <button
            class="btn-link"
            hidden=move || !live.may(|s, actor| s.may_hide_comment(actor, id).is_ok())
            data-testid=format!("hide-comment-{}", id.0)
            on:click=move |_| live.send(Command::HideComment { comment: id, hidden: true })
        >
            {crate::tr!(i18n, board.hide)}
        </button>
    }
    .into_any()
}

/// One menu per card rather than buttons on each, there exactly when one of its
/// actions is; its content is built when it is first opened.
fn menu(card: Card) -> AnyView {
    let live = use_live();
    let i18n = use_i18n();
    let hideable = move || {
        live.may(|s, actor| match card {
            Card::Problem(id) => s.may_hide_problem(actor, id, true).is_ok(),
            Card::Idea(id) => s.may_hide_idea(actor, id).is_ok(),
        })
    };
    let mergeable = move || {
        live.may(|s, actor| {
            s.merge_candidates(card)
                .into_iter()
                .any(|into| s.may_merge(actor, card, into).is_ok())
        })
    };
    let hide = move |_| {
        live.send(match card {
            Card::Problem(problem) => Command::HideProblem {
                problem,
                hidden: true,
            },
            Card::Idea(idea) => Command::HideIdea { idea, hidden: true },
        })
    };
    let key = card_key(card);
    let opened = RwSignal::new(false);
    view! {
        <details
            class="card-menu"
            hidden=move || !hideable() && !mergeable()
            on:toggle=move |_| opened.set(true)
        >
            <summary
                data-testid=format!("card-menu-{key}")
                aria-label=move || t_string!(i18n, board.moderate)
                title=move || t_string!(i18n, board.moderate)
            >
                <span aria-hidden="true">"⋯"</span>
            </summary>
            <div class="card-menu-items">
                <button class="btn-link" hidden=move || !hideable() data-testid=format!("hide-{key}") on:click=hide>
                    {crate::tr!(i18n, board.hide)}
                </button>
                {show(
                    move || opened.get(),
                    move || card_chooser(
                        card,
                        ChooserWords {
                            testid: "merge",
                            summary: |i18n| t_string!(i18n, board.merge_into),
                            label: |i18n| t_string!(i18n, board.merge_label),
                            button: |i18n| t_string!(i18n, board.merge),
                        },
                        |s, actor, card, into| s.may_merge(actor, card, into).is_ok(),
                        |card, into| Command::Merge { card, into },
                    ),
                    || (),
                )}
            </div>
        </details>
    }
    .into_any()
}
