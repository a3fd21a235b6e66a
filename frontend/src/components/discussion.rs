//! Building on each other's cards: a small fixed set of reactions with their counts,
//! and short comments, under every problem and idea. People react and comment in
//! Problems, Ideas and Plan (the rules say when); what was said stays readable.

use crate::components::cards::author_label;
use crate::components::erased::{keyed, show};
use crate::components::merge::card_key;
use crate::components::moderation::Moderation;
use crate::i18n::*;
use crate::lang::{self, I18n};
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;
use summit_shared::limits::Field;
use summit_shared::{Card, Command, CommentId, Reaction};

/// Each reaction's sign: characters every system font has (an emoji font is not
/// everywhere: a projector's or a locked-down laptop's browser shows a box), named
/// for screen readers by [`name`]. Not a star: "★ Supported" is a problem's support,
/// which a reaction must not look like.
fn sign(reaction: Reaction) -> &'static str {
    match reaction {
        Reaction::PlusOne => "+1",
        Reaction::Heart => "♥",
        Reaction::Idea => "!",
        Reaction::Question => "?",
    }
}

fn name(i18n: I18n, reaction: Reaction) -> &'static str {
    match reaction {
        Reaction::PlusOne => t_string!(i18n, board.reaction_plus_one),
        Reaction::Heart => t_string!(i18n, board.reaction_heart),
        Reaction::Idea => t_string!(i18n, board.reaction_idea),
        Reaction::Question => t_string!(i18n, board.reaction_question),
    }
}

/// Reactions and comments of one card; absent (nothing built) while there are none
/// and the viewer may add none, as on most cards of a crowded console.
#[component]
pub fn Discussion(card: Card) -> impl IntoView {
    let live = use_live();
    let active = Memo::new(move |_| {
        live.may(|s, actor| s.may_react(actor, card).is_ok())
            || live.with(|s| {
                s.comments_on(card).next().is_some() || s.reactions.iter().any(|r| r.card == card)
            })
    });
    show(
        move || active.get(),
        move || view! { <DiscussionBody card /> },
        || (),
    )
}

#[component]
fn DiscussionBody(card: Card) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let key = card_key(card);
    // Per reaction: how many, and whether the viewer is one of them.
    let counts = Memo::new(move |_| {
        let me = live.me_id();
        live.with(|s| {
            Reaction::ALL
                .iter()
                .map(|r| {
                    let mine = me.is_some_and(|m| s.has_reacted(m, card, *r));
                    (s.reactions_to(card, *r), mine)
                })
                .collect::<Vec<_>>()
        })
    });
    let may_react = move || live.may(|s, actor| s.may_react(actor, card).is_ok());
    let may_comment = move || live.may(|s, actor| s.may_comment(actor, card).is_ok());
    let comments = Memo::new(move |_| {
        live.with(|s| {
            s.comments_on(card)
                .map(|c| c.id)
                .collect::<Vec<CommentId>>()
        })
    });
    let opened = RwSignal::new(false);
    let buttons = Reaction::ALL
        .iter()
        .enumerate()
        .map(|(i, &reaction)| {
            let count = move || counts.with(|c| c.get(i).map_or(0, |(n, _)| *n));
            let mine = move || counts.with(|c| c.get(i).is_some_and(|(_, m)| *m));
            view! {
                <button
                    type="button"
                    class="reaction"
                    class:on=mine
                    hidden=move || !may_react() && count() == 0
                    disabled=move || !may_react()
                    aria-pressed=move || mine().to_string()
                    title=move || name(i18n, reaction)
                    data-testid=format!("react-{}-{}", reaction.as_str(), key)
                    on:click=move |_| live.send(Command::React { card, reaction, on: !mine() })
                >
                    // Named by the hidden word, counted by the visible number: the sign
                    // alone would be read as "plus one" or not at all.
                    <span aria-hidden="true">{sign(reaction)}</span>
                    <span class="visually-hidden">{move || name(i18n, reaction)}</span>
                    <span class="reaction-count">{move || (count() > 0).then(count)}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="discussion">
            <div class="reactions" role="group" aria-label=move || t_string!(i18n, board.reactions)>
                {buttons}
            </div>
            <details
                class="comments"
                hidden=move || comments.with(Vec::is_empty) && !may_comment()
                on:toggle=move |_| opened.set(true)
            >
                <summary data-testid=format!("comments-{key}")>
                    {move || match comments.with(Vec::len) {
                        0 => t_string!(i18n, board.comment_open).to_string(),
                        n => t_string!(i18n, board.comments, count = lang::count(n)).to_string(),
                    }}
                </summary>
                {show(
                    move || opened.get(),
                    move || view! {
                        <ul class="comment-list">
                            {keyed(move || comments.get(), move |id| view! { <CommentRow id /> })}
                        </ul>
                        {show(may_comment, move || view! { <CommentForm card /> }, || ())}
                    },
                    || (),
                )}
            </details>
        </div>
    }
}

#[component]
fn CommentRow(id: CommentId) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let text = move || {
        live.with(|s| {
            s.comments
                .get(&id)
                .map(|c| c.text.clone())
                .unwrap_or_default()
        })
    };
    let author = move || {
        let author = live.with(|s| s.comments.get(&id).and_then(|c| c.author));
        author_label(i18n, live, author)
    };
    let hide = use_context::<Moderation>().map(|m| (m.comment)(id));
    view! {
        <li class="comment" data-testid=format!("comment-{}", id.0)>
            <span class="comment-text" dir="auto">{text}</span>
            " "
            <span class="author" dir="auto">{author}</span>
            {hide}
        </li>
    }
}

#[component]
fn CommentForm(card: Card) -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let refused = RwSignal::new(None::<String>);
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let invalid = move || util::check(i18n, Field::Comment, &text.get());
    let key = card_key(card);
    let input_id = format!("comment-input-{key}");
    let submit = move || {
        if invalid().is_some() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = text.get_untracked();
        leptos::task::spawn_local(async move {
            match live
                .run_here(Command::AddComment { card, text: body })
                .await
            {
                Ok(()) => {
                    text.set(String::new());
                    refused.set(None);
                }
                Err(err) => refused.set(live.try_with(|s| lang::api_error(i18n, &err, Some(s)))),
            }
            busy.set(false);
            // Ready for the next remark at once.
            if let Some(Some(el)) = input.try_get_untracked() {
                let _ = el.focus();
            }
        });
    };
    view! {
        <form
            class="comment-form"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            <label class="visually-hidden" for=input_id.clone()>{crate::tr!(i18n, board.comment_label)}</label>
            <input
                id=input_id.clone()
                data-testid=input_id
                node_ref=input
                type="text"
                dir="auto"
                autocomplete="off"
                placeholder=move || t_string!(i18n, board.comment_placeholder)
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <span class="counter" class:over=move || { util::char_count(&text.get()) > Field::Comment.max() }>
                {move || util::counter(&text.get(), Field::Comment)}
            </span>
            <button
                class="btn btn-small"
                type="submit"
                data-testid=format!("comment-send-{key}")
                disabled=move || invalid().is_some() || busy.get()
            >
                {crate::tr!(i18n, board.comment_send)}
            </button>
            <p class="error-text" role="alert" hidden=move || refused.with(Option::is_none)>
                {move || refused.get()}
            </p>
        </form>
    }
}
