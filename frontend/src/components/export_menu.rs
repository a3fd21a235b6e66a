//! Export downloads (CSV, Markdown, JSON, iCalendar, summary). Download URLs cannot
//! carry the Authorization header, so each click first fetches a short-lived ticket.

use crate::api;
use crate::i18n::*;
use crate::live::use_live;
use leptos::prelude::*;
use summit_shared::api::{paths, ExportFile};
use summit_shared::{SessionState, Viewer};
use wasm_bindgen::JsCast;

/// Starts a browser download of `url` as `file_name`.
fn download(url: &str, file_name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(element) = document.create_element("a") else {
        return;
    };
    let Ok(anchor) = element.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return;
    };
    anchor.set_href(url);
    anchor.set_download(file_name);
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
        anchor.click();
        let _ = body.remove_child(&anchor);
    }
}

#[component]
pub fn ExportMenu() -> impl IntoView {
    let live = use_live();
    let i18n = use_i18n();
    let links = ExportFile::ALL
        .into_iter()
        .map(|file| {
            let busy = RwSignal::new(false);
            let href = live.id.with_value(|id| paths::export(id, file));
            let on_click = move |ev: web_sys::MouseEvent| {
                ev.prevent_default();
                if busy.get_untracked() {
                    return;
                }
                busy.set(true);
                leptos::task::spawn_local(async move {
                    let id = live.id.get_value();
                    match api::ticket(&id, &live.token()).await {
                        Ok(ticket) => download(
                            &api::export_url(&id, file, &ticket.ticket),
                            file.file_name(),
                        ),
                        Err(err) => live.error.set(Some(err)),
                    }
                    busy.set(false);
                });
            };
            // After a summit that agreed nothing, only its summary is worth a file.
            let pointless = move || {
                file != ExportFile::SummaryMarkdown && live.with(SessionState::nothing_to_follow_up)
            };
            view! {
                <li hidden=pointless>
                    <a
                        class="export-link"
                        href=href
                        download=file.file_name()
                        data-testid=format!("export-{}", file.file_name())
                        on:click=on_click
                    >
                        // What it is first, for a lead; the file's name is the detail.
                        <span class="export-label">
                            {move || match file {
                                ExportFile::ActionsCsv => t_string!(i18n, plan.export_actions_csv),
                                ExportFile::ActionsJiraCsv => t_string!(i18n, plan.export_actions_jira),
                                ExportFile::ActionsMarkdown => t_string!(i18n, plan.export_actions_markdown),
                                ExportFile::ActionsJson => t_string!(i18n, plan.export_actions_json),
                                ExportFile::ActionsIcs => t_string!(i18n, plan.export_actions_ics),
                                ExportFile::SummaryMarkdown => t_string!(i18n, plan.export_summary_markdown),
                            }}
                        </span>
                        <span class="file-name muted small">{file.file_name()}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    // Six files are the facilitator's and the leads' tools (a Jira import, JSON);
    // a participant gets them folded, so the results come first on a phone.
    let list = view! { <ul class="export-list">{links}</ul> };
    match live.viewer.get_untracked() {
        Some(Viewer::Facilitator | Viewer::Lead) => view! {
            <section class="card export-card">
                <h2 class="section-title">{crate::tr!(i18n, plan.export)}</h2>
                {list}
            </section>
        }
        .into_any(),
        _ => view! {
            <details class="card export-card" data-testid="export-fold">
                <summary class="section-title">{crate::tr!(i18n, plan.export_fold)}</summary>
                {list}
            </details>
        }
        .into_any(),
    }
}
