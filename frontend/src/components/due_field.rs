//! The "Due" field of an action item, in the facilitator's form and a participant's
//! proposal. A native date box shows its date in the browser's language and order
//! ("01/15/2027" on an English browser reading a German page), so the field says the
//! chosen day in the page's language, with its weekday, under its name (and as the
//! box's description for screen readers).

use crate::lang::{self, I18n};
use leptos::prelude::*;
use summit_shared::Date;

pub fn due_field(i18n: I18n, due: RwSignal<String>) -> impl IntoView {
    let spelled = move || Date::parse(&due.get()).map(|d| lang::date_with_weekday(i18n, d));
    view! {
        <div class="field">
            <label for="action-due">{crate::tr!(i18n, plan.due)}</label>
            <span id="action-due-spelled" class="due-spelled" data-testid="action-due-spelled">{spelled}</span>
            <input
                id="action-due"
                type="date"
                data-testid="action-due"
                aria-describedby="action-due-spelled"
                prop:value=move || due.get()
                on:input=move |ev| due.set(event_target_value(&ev))
                on:change=move |ev| due.set(event_target_value(&ev))
            />
        </div>
    }
}
