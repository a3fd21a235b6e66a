//! Keyed lists and conditional blocks through shared, type-erased instantiations.
//!
//! Every `<For>` and `<Show>` call site compiles its own copy of Leptos's machinery
//! (kilobytes of wasm per keyed list, the size budget). Here every list of ids or
//! (id, label) pairs goes through one `<For>` over `(u32, String)` items, and every
//! conditional block through one [`show`]; each call site only converts its id
//! type and boxes its views.
//!
//! Behaviour is that of the components they replace: keys, rows and updates are
//! those of `<For key=|id| *id>` (or `key=|item| item.clone()` for labels) on the
//! typed list, and [`show`] is `<Show when fallback>`: the condition is memoized, so
//! the block is rebuilt only when it flips.

use leptos::prelude::*;
use std::sync::Arc;
use summit_shared::{ActionId, CommentId, DepartmentId, IdeaId, ParticipantId, ProblemId};

/// The counter ids (`ProblemId(n)`, …) as their number and back.
pub trait RawId: Copy + Send + Sync + 'static {
    fn raw(self) -> u32;
    fn from_raw(raw: u32) -> Self;
}

macro_rules! raw_id {
    ($($id:ident),*) => {$(
        impl RawId for $id {
            fn raw(self) -> u32 {
                self.0
            }
            fn from_raw(raw: u32) -> Self {
                $id(raw)
            }
        }
    )*};
}
raw_id!(
    ActionId,
    CommentId,
    DepartmentId,
    IdeaId,
    ParticipantId,
    ProblemId
);

type Each<T> = Arc<dyn Fn() -> Vec<T> + Send + Sync>;
type Row<T> = Arc<dyn Fn(T) -> AnyView + Send + Sync>;

/// A list with one row per id, keyed by the id.
pub fn keyed<I: RawId, V: IntoView + 'static>(
    each: impl Fn() -> Vec<I> + Send + Sync + 'static,
    row: impl Fn(I) -> V + Send + Sync + 'static,
) -> AnyView {
    // The same list as `keyed_labels` with every label empty: keyed by the id alone.
    keyed_labels(
        move || each().into_iter().map(|id| (id, String::new())).collect(),
        move |id, _| row(id),
    )
}

/// A list with one row per (id, label), keyed by both: a changed label is a new row.
pub fn keyed_labels<I: RawId, V: IntoView + 'static>(
    each: impl Fn() -> Vec<(I, String)> + Send + Sync + 'static,
    row: impl Fn(I, String) -> V + Send + Sync + 'static,
) -> AnyView {
    label_list(
        Arc::new(move || {
            each()
                .into_iter()
                .map(|(id, label)| (id.raw(), label))
                .collect()
        }),
        Arc::new(move |(raw, label)| row(I::from_raw(raw), label).into_any()),
    )
}

fn label_list(each: Each<(u32, String)>, row: Row<(u32, String)>) -> AnyView {
    view! { <For each=move || each() key=|item| item.clone() children=move |item| row(item) /> }
        .into_any()
}

type Cond = Arc<dyn Fn() -> bool + Send + Sync>;
type ViewBox = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// `<Show when fallback>{children}</Show>`; pass `|| ()` for no fallback.
pub fn show<V: IntoView + 'static, F: IntoView + 'static>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> V + Send + Sync + 'static,
    fallback: impl Fn() -> F + Send + Sync + 'static,
) -> AnyView {
    show_erased(
        Arc::new(when),
        Arc::new(move || children().into_any()),
        Arc::new(move || fallback().into_any()),
    )
}

fn show_erased(when: Cond, children: ViewBox, fallback: ViewBox) -> AnyView {
    let when = ArcMemo::new(move |_| when());
    (move || if when.get() { children() } else { fallback() }).into_any()
}
